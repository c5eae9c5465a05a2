#!/usr/bin/env python3
"""Checks STYLE.md's layering: a module includes only modules to its left,
and each third-party header is included by exactly one module."""
import os
import re
import sys

ORDER = ["util", "parse", "resolve", "graph", "importtime", "suggest", "render", "project"]
THIRD_PARTY = {"tree_sitter/": "parse", "igraph": "graph", "jansson.h": "render"}
src = os.path.join(os.environ["IMPGRAPH_SOURCE_DIR"], "libimpgraph", "src")
include_re = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
problems = []
for module in sorted(os.listdir(src)):
    path = os.path.join(src, module)
    if not os.path.isdir(path):
        continue
    if module not in ORDER:
        problems.append(f"{module}/: not a known layer (add it to STYLE.md and this check)")
        continue
    rank = ORDER.index(module)
    for name in sorted(os.listdir(path)):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(path, name), encoding="utf-8").read()
        for inc in include_re.findall(text):
            top = inc.split("/")[0]
            if top in ORDER and ORDER.index(top) > rank:
                problems.append(f"{module}/{name}: includes {inc} from a layer to its right")
            for prefix, owner in THIRD_PARTY.items():
                if inc.startswith(prefix) and module != owner:
                    problems.append(f"{module}/{name}: includes {inc}; only {owner}/ may")
    if not os.path.exists(os.path.join(path, "README.md")):
        problems.append(f"{module}/: has no README.md")
for p in problems:
    print(p)
print(f"layering: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
