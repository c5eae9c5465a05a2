"""Stands for _hashlib in values.py: what its constructors find."""


def x_alpha():
    return "alpha"


def x_beta():
    return "beta"
