import functools
from collections import OrderedDict


def memoize(max_entries=128):
    def decorate(function):
        stored = OrderedDict()

        @functools.wraps(function)
        def wrapper(*args):
            if args in stored:
                stored.move_to_end(args)
                return stored[args]
            value = function(*args)
            stored[args] = value
            if len(stored) > max_entries:
                stored.popitem(last=False)
            return value

        wrapper.clear = stored.clear
        return wrapper

    return decorate
