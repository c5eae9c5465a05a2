from . import shared  # used only in thing(): with main's own import, one group

VALUE = 1


def thing():
    return shared.h()
