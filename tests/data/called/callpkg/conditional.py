"""Calls under a condition are not followed, nor imports under a condition
inside a called function."""
import sys

from callpkg.helpers import conditional_inside


def setup():
    import callpkg.leaf_cond_call


if sys.argv is None:
    setup()

conditional_inside(False)
