LEVELS = ["debug", "info", "warning", "error"]


def is_at_least(level, threshold):
    return LEVELS.index(level) >= LEVELS.index(threshold)
