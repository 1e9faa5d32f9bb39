def clamp(value, low, high):
    """value limited to the range [low, high]; raises ValueError when low > high."""
    if low > high:
        raise ValueError(f"empty range: low {low} > high {high}")
    return max(low, min(value, high))
