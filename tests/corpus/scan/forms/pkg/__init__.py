"""Every import form the scanner knows, in the contexts it tells apart."""
from __future__ import annotations

import os
import os.path as osp, json
from collections import (OrderedDict,
                         defaultdict as dd)
from . import sibling
from ..up import thing
from .mod import *
import importlib
from typing import TYPE_CHECKING
import typing as t

if TYPE_CHECKING:
    from decimal import Decimal
else:
    Decimal = float

if t.TYPE_CHECKING:
    import fractions

try:
    import ujson
except ImportError:
    ujson = None

if os.name == "nt":
    import winreg

plugins = importlib.import_module("pkg.plugins")
backend = __import__("sqlite3")
chosen = importlib.import_module(os.environ.get("BACKEND", "x"))
__lazy_modules__ = ["heavy", "other.mod"]
__all__ = ["OrderedDict", "dd"]


class Config:
    import enum

    def load(self, path: osp.PathLike) -> Decimal:
        import tomllib
        return tomllib.loads(path)

    async def fetch(self):
        from urllib import request
        return request


def default(value=json.dumps({})):
    key = lambda: __import__("hashlib")
    with open(os.devnull) as f:
        import csv
    return value, key, f, csv
