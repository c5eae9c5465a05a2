#!/usr/bin/env python3
"""Every IMPGRAPH_API declaration in impgraph.h has a doc comment right
before it, and every function that can fail or returns an object states
its ownership ("borrowed", "new object" or "new buffer") or returns a
plain value."""
import os
import re
import sys

header = os.path.join(os.environ["IMPGRAPH_SOURCE_DIR"], "libimpgraph", "include", "impgraph.h")
text = open(header, encoding="utf-8").read()
problems = []
for m in re.finditer(r"^IMPGRAPH_API\s+([^;]+?)\b(impgraph_\w+)\s*\(", text, re.M):
    before = text[: m.start()].rstrip()
    name = m.group(2)
    if not before.endswith("*/"):
        problems.append(f"{name}: no doc comment")
        continue
    doc = before[before.rfind("/*"):]
    ret = m.group(1)
    returns_pointer = "*" in ret
    takes_out = re.search(r"\*\*\s*out", text[m.end(): text.find(";", m.end())])
    if (returns_pointer or takes_out) and not re.search(r"borrowed|new object|new buffer", doc):
        problems.append(f"{name}: returns memory but its doc states no ownership")
for p in problems:
    print(p)
print(f"header docs: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
