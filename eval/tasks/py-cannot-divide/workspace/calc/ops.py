def divide(a, b):
    """a / b; dividing by zero raises ZeroDivisionError, as the caller must handle it."""
    return a / b
