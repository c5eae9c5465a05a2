from __future__ import annotations

import sys

from . import slow_a  # used only in run_a(): move-into-function
from .slow_b import g  # used only in helper(), which main() always calls: kept
from . import shared  # used only in use_shared(); helper_mod imports it too: a group
from .helper_mod import VALUE  # needed at import time
from .typed import T  # only in annotations (deferred): type-checking
from . import unused_mod  # never used: remove-unused
from .deco import register  # a decorator: needed at import time
from . import effects  # used only in run_e(); effects registers an atexit handler: review
from . import local_call  # used in setup(), which runs at import time: kept

CONSTANT = VALUE + 1


@register
def handler():
    return 0


def run_a():
    return slow_a.f()


def helper():
    return g()


def use_shared():
    return shared.h()


def run_e():
    return effects.e()


def annotated(x: T) -> T:
    return x


def setup():
    return local_call.x


CONFIG = setup()


def main():
    helper()
    return 0


if __name__ == "__main__":
    sys.exit(main())
