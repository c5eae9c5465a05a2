"""Every import form the graph classifies."""
import json
import app.a.b.c
from typing import TYPE_CHECKING
from . import config
from app import helpers, VERSION
from .. import beyond

if TYPE_CHECKING:
    import decimal
else:
    import heapq

try:
    import nonexistent
except ImportError:
    nonexistent = None

__lazy_modules__ = ["tp"]
import tp

lazy import io


class Command:
    import enum


def main():
    import csv
    import importlib
    mod = importlib.import_module(".helpers", "app")
    other = __import__(mod.NAME)
    return csv, other


if __name__ == "__main__":
    import doctest
