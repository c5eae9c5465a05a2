import functools
