"""Shared helpers of the binding tests: where the checkout, the header and
the example are, and a small reader of impgraph.h."""

from __future__ import annotations

import os
import re
import sys
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
BINDING_DIR = os.path.dirname(HERE)  # bindings/python


def source_dir() -> Optional[str]:
    """The impgraph checkout ($IMPGRAPH_SOURCE_DIR, else the tree this file
    is in), or None for an unpacked sdist."""
    env = os.environ.get("IMPGRAPH_SOURCE_DIR")
    candidates = ([env] if env else []) + [os.path.normpath(os.path.join(BINDING_DIR, "..", ".."))]
    for c in candidates:
        if os.path.isfile(os.path.join(c, "libimpgraph", "include", "impgraph.h")):
            return c
    return None


def header_path() -> Optional[str]:
    """impgraph.h: $IMPGRAPH_HEADER, the checkout's, or an installed one."""
    env = os.environ.get("IMPGRAPH_HEADER")
    if env:
        return env
    src = source_dir()
    if src:
        return os.path.join(src, "libimpgraph", "include", "impgraph.h")
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        p = os.path.join(prefix, "include", "impgraph.h")
        if os.path.isfile(p):
            return p
    return None


def example_dir() -> Optional[str]:
    src = source_dir()
    if src and os.path.isdir(os.path.join(src, "examples", "taskcli")):
        return os.path.join(src, "examples", "taskcli")
    return None


def python3() -> str:
    """The interpreter the graph probes ($PYTHON3, else this one)."""
    return os.environ.get("PYTHON3") or sys.executable


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def read_header() -> str:
    path = header_path()
    if not path:
        raise FileNotFoundError("impgraph.h not found (set IMPGRAPH_HEADER or IMPGRAPH_SOURCE_DIR)")
    with open(path, encoding="utf-8") as f:
        return f.read()


def api_functions(text: Optional[str] = None) -> List[str]:
    """Every function declared with IMPGRAPH_API, in header order."""
    code = _strip_comments(text if text is not None else read_header())
    code = re.sub(r"#\s*define[^\n]*(\\\n[^\n]*)*", " ", code)
    names = re.findall(r"\bIMPGRAPH_API\b[^;{]*?\b(impgraph_\w+)\s*\(", code, flags=re.S)
    return names


def _eval_c_int(expr: str, known: Dict[str, int]) -> int:
    expr = expr.strip()
    expr = re.sub(r"(?<=\d)[uUlL]+\b", "", expr)
    for name in sorted(known, key=len, reverse=True):
        expr = re.sub(r"\b%s\b" % re.escape(name), str(known[name]), expr)
    if not re.fullmatch(r"[\d\s()<>|+\-*~x]+", expr):
        raise ValueError("cannot evaluate %r" % expr)
    return int(eval(expr))  # digits and operators only


def enum_blocks(text: Optional[str] = None) -> List[Dict[str, int]]:
    """Every enum body of the header as {constant: value}."""
    code = _strip_comments(text if text is not None else read_header())
    blocks = []
    known: Dict[str, int] = {}
    for body in re.findall(r"\benum\b\s*\w*\s*\{(.*?)\}", code, flags=re.S):
        block: Dict[str, int] = {}
        next_value = 0
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            name, _, value = item.partition("=")
            name = name.strip()
            v = _eval_c_int(value, known) if value.strip() else next_value
            block[name] = v
            known[name] = v
            next_value = v + 1
        blocks.append(block)
    return blocks


def defines(text: Optional[str] = None) -> Dict[str, int]:
    """The integer #defines of the header."""
    out = {}
    for name, value in re.findall(
        r"^#define\s+(IMPGRAPH_\w+)\s+(\d+)[uU]?\s*$", text if text is not None else read_header(), flags=re.M
    ):
        out[name] = int(value)
    return out


def struct_names(text: Optional[str] = None) -> List[str]:
    """The structs the header defines (not the opaque handles)."""
    code = _strip_comments(text if text is not None else read_header())
    return re.findall(r"typedef\s+struct\s+(impgraph_\w+)\s*\{", code)


def struct_fields(text: Optional[str] = None) -> Dict[str, List[str]]:
    """Field names of each struct, in order."""
    code = _strip_comments(text if text is not None else read_header())
    out: Dict[str, List[str]] = {}
    for name, body in re.findall(r"typedef\s+struct\s+(impgraph_\w+)\s*\{(.*?)\}\s*\w+\s*;", code, flags=re.S):
        fields: List[str] = []
        for decl in body.split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            m = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", decl)  # function pointer
            if m:
                fields.append(m.group(1))
                continue
            decl = re.sub(r"\[[^\]]*\]", "", decl)
            for part in decl.split(","):
                fields.append(re.findall(r"\w+", part)[-1])
        out[name] = fields
    return out


def lib_env() -> Tuple[str, ...]:
    """Names of the environment variables a child Python needs to load the
    same library (sanitizer runtime included)."""
    return ("IMPGRAPH_LIBRARY", "LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")
