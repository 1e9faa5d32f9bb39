def to_celsius(fahrenheit):
    """Degrees Fahrenheit as degrees Celsius."""
    return (fahrenheit - 32) * 5 / 9
