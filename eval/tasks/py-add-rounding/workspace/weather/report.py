from weather.units import to_celsius


def forecast_line(city, high_f, low_f):
    return f"{city}: high {to_celsius(high_f)} C, low {to_celsius(low_f)} C"


def average_celsius(readings_f):
    return to_celsius(sum(readings_f) / len(readings_f))
