#!/usr/bin/env python3
"""Generates docs/api/reference.md from libimpgraph/include/impgraph.h: every
public function (IMPGRAPH_API) with its declaration and doc comment
(parameters, return codes, ownership, thread safety, complexity), and every
public type, grouped by the header's sections. tests/lint/api_reference.sh
checks that the committed page equals the generated one.

    python3 scripts/gen_api_reference.py [HEADER] > docs/api/reference.md
"""
import re
import sys

BANNER = re.compile(r"/\* -{10,} \*/\n/\* (.+?)\s*\*/\n/\* -{10,} \*/")


def clean_comment(text):
    text = re.sub(r"^/\*\*?", "", text.strip())
    text = re.sub(r"\*/$", "", text)
    lines = [re.sub(r"^\s*\* ?", "", l) if l.strip().startswith("*") else l.strip()
             for l in text.splitlines()]
    # keep paragraphs; join wrapped lines
    out, para = [], []
    for l in lines:
        if not l.strip():
            if para:
                out.append(" ".join(para))
                para = []
        elif l.lstrip().startswith(("- ", "Returns", "Ownership", "Thread", "Complexity")) and para:
            out.append(" ".join(para))
            para = [l.strip()]
        else:
            para.append(l.strip())
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out)


def items(header):
    """Yields (kind, name, declaration, comment, section) in header order."""
    sections = [(m.start(), m.group(1)) for m in BANNER.finditer(header)]

    def section_at(pos):
        name = "General"
        for start, title in sections:
            if start <= pos:
                name = title
        return name

    pattern = re.compile(
        r"(?P<comment>/\*\*?(?:(?!\*/).)*?\*/)\s*\n"
        r"(?P<decl>(?:IMPGRAPH_API [^;]*?\b(?P<fn>impgraph_\w+)\s*\([^;]*\);)"
        r"|(?:typedef (?:struct|enum) (?P<type>impgraph_\w+) \{.*?\} (?P=type);))",
        re.S)
    for m in pattern.finditer(header):
        if m.group("fn"):
            yield ("function", m.group("fn"), " ".join(m.group("decl").split()),
                   clean_comment(m.group("comment")), section_at(m.start()))
        else:
            yield ("type", m.group("type"), m.group("decl"), clean_comment(m.group("comment")),
                   section_at(m.start()))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "libimpgraph/include/impgraph.h"
    header = open(path, encoding="utf-8").read()
    out = ["# C API reference", "",
           "Generated from `libimpgraph/include/impgraph.h` by `scripts/gen_api_reference.py`;",
           "`tests/lint/api_reference.sh` fails when this page and the header disagree. Regenerate",
           "with `python3 scripts/gen_api_reference.py > docs/api/reference.md`. Conventions",
           "(status codes, ownership phrases, thread safety) are in [README.md](README.md).", ""]
    current = None
    entries = list(items(header))
    functions = [e for e in entries if e[0] == "function"]
    out.append("%d functions, %d types." % (len(functions), len(entries) - len(functions)))
    out.append("")
    for kind, name, decl, comment, section in entries:
        if section != current:
            out.append("## " + section)
            out.append("")
            current = section
        out.append("### `%s`%s" % (name, "" if kind == "function" else " (type)"))
        out.append("")
        out.append("```c")
        if kind == "function":
            out.append(decl.replace("IMPGRAPH_API ", ""))
        else:
            out.extend(l.rstrip() for l in decl.splitlines())
        out.append("```")
        out.append("")
        if comment:
            out.append(comment)
            out.append("")
    sys.stdout.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main()
