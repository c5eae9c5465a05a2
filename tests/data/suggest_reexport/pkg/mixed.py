class Ann:
    pass


def work():
    return 1
