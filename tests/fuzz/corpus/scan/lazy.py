lazy import json
lazy from a.b import c as d
lazy from . import *
if x: lazy import y
z = 1; lazy import w
lazy \
  import v
lazy = 1
print(lazy)
__lazy_modules__ = ["a", "b.c"]
__lazy_modules__ += ("d",)
__lazy_modules__ = {"e"}
