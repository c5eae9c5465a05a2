"""Calls through module-level aliases: one bound unconditionally, one in a
try body whose import is found, one in the ImportError handler of a try
body whose import is missing."""


def _first():
    import callpkg.leaf_va_first


def _second():
    import callpkg.leaf_va_second


def _found():
    import callpkg.leaf_va_found


def _handler():
    import callpkg.leaf_va_handler


def _missing_side():
    import callpkg.leaf_va_missing_side


run_first = _first
run_first()

try:
    import callpkg.v_native

    run_found = _found
except ImportError:
    run_found = _second
run_found()

try:
    import callpkg.no_such_module

    run_handler = _missing_side
except ImportError:
    run_handler = _handler
run_handler()
