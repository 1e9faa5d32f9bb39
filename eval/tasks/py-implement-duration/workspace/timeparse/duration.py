"""Durations written the way people type them in config files."""


def parse_duration(text):
    """Return the number of seconds in a duration such as "1h30m", "45s" or "2h 5s".

    The text is one or more parts, each a whole number followed by a unit: "h" (hours),
    "m" (minutes) or "s" (seconds). Parts may be separated by spaces, and each unit appears at
    most once, in the order h, m, s. Upper case units are accepted. Surrounding whitespace is
    ignored. Anything else (an empty string, a number without a unit, an unknown unit, a repeated
    or out-of-order unit) raises ValueError.

    >>> parse_duration("1h30m")
    5400
    """
    raise NotImplementedError
