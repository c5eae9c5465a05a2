import atexit

atexit.register(print)


def e():
    return 1
