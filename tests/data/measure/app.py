"""Imported by the tests with `-c 'import app'` (its cumulative time holds
slowmod's), or run as the entry point `app:main`."""
import sys

import slowmod  # noqa: F401


def main():
    print("app main", sys.argv)
    return 0
