"""Docstring mentioning import os."""
from __future__ import annotations, division as d
from __future__ import (print_function)
