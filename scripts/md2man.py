#!/usr/bin/env python3
"""Turns a page of docs/cli/ (Markdown) into a man page (roff), so the
installed man pages say exactly what the docs say: impgraph(1),
impgraph-suggest(1), ...

    md2man.py docs/cli/impgraph-suggest.md out/impgraph-suggest.1 VERSION

Handles what the pages use: a `# name(1)` title, `##` sections, paragraphs,
fenced code blocks, bullet lists, tables (rendered as tagged paragraphs:
first cell as the tag), inline code, bold and links (their text)."""
import re
import sys


def inline(text):
    text = text.replace("\\", "\\e")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links: their text
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", text)
    return text


def escape_line(line):
    # A roff line starting with . or ' is a request.
    return "\\&" + line if line.startswith((".", "'")) else line


def convert(md, version):
    lines = md.splitlines()
    out = []
    title = lines[0].lstrip("# ").strip() if lines else "impgraph(1)"
    m = re.match(r"([\w-]+)\((\d)\)", title)
    name, section = (m.group(1), m.group(2)) if m else ("impgraph", "1")
    out.append('.TH "%s" "%s" "" "impgraph %s" "impgraph manual"' % (name.upper(), section, version))
    out.append(".SH NAME")
    summary = SUMMARIES.get(name, "an impgraph command")
    out.append("%s \\- %s" % (name, summary))
    i = 1
    in_code = False
    synopsis_done = False
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("```"):
            if not in_code:
                if not synopsis_done:
                    out.append(".SH SYNOPSIS")
                    synopsis_done = True
                out.append(".PP")
                out.append(".nf")
                out.append(".RS 4")
            else:
                out.append(".RE")
                out.append(".fi")
            in_code = not in_code
            continue
        if in_code:
            out.append(escape_line(line.replace("\\", "\\e")))
            continue
        if line.startswith("## ") or line.startswith("# "):
            if not synopsis_done:
                synopsis_done = True
            out.append(".SH " + inline(line.lstrip("# ").strip()).upper())
            continue
        if not synopsis_done and line.strip():
            out.append(".SH DESCRIPTION")
            synopsis_done = True
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue
            if i < len(lines) and re.fullmatch(r"\|[\s:|-]+\|?", lines[i].strip() or "x"):
                continue  # the header row of a table (the next line is |---|)
            out.append(".TP")
            out.append(escape_line(inline(cells[0])))
            out.append(escape_line(inline(" \u2014 ".join(c for c in cells[1:] if c))))
            continue
        if re.match(r"^\s*[-*] ", line):
            out.append(".IP \\(bu 2")
            out.append(escape_line(inline(re.sub(r"^\s*[-*] ", "", line))))
            continue
        if not line.strip():
            out.append(".PP")
            continue
        out.append(escape_line(inline(line.strip())))
    if name == "impgraph":
        out.append(".SH SEE ALSO")
        out.append(", ".join("\\fBimpgraph\\-%s\\fR(1)" % c
                             for c in ("scan", "graph", "why", "cycles", "measure", "suggest")))
    return "\n".join(out) + "\n"


SUMMARIES = {"impgraph": "find the imports that make Python programs start slowly"}


def read_summaries(index_path):
    """The one-line summary of each command, from docs/cli/impgraph.md's table."""
    try:
        text = open(index_path, encoding="utf-8").read()
    except OSError:
        return
    for m in re.finditer(r"^\| `(\w+)` \| \[impgraph-\w+\.md\]\([^)]*\) \u2014 (.*?) \|$", text, re.M):
        SUMMARIES["impgraph-" + m.group(1)] = re.sub(r"`([^`]*)`", r"\1", m.group(2))


def main():
    src, dst, version = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
    import os
    read_summaries(os.path.join(os.path.dirname(src), "impgraph.md"))
    with open(src, encoding="utf-8") as f:
        page = convert(f.read(), version)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
