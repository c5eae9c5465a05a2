#!/usr/bin/env python3
"""Cross-checks impgraph's import statements against Python's own parser.

For every .py file under the given roots (default: this interpreter's
standard library, without site-packages), compares the import statements
that `ast` finds (ast.Import / ast.ImportFrom nodes, __future__ included)
with the statement records of `impgraph scan --format json` (kinds import,
from, star, future; several records of one statement count once):

  * position: (line, byte column) of each statement;
  * content: the modules of `import a, b.c`, or module, level and imported
    names of `from ... import ...`.

Files that `ast` cannot parse (Python 2 sources, deliberately broken test
data) are counted apart: there impgraph keeps what parses, so a difference
is expected rather than a mismatch.

usage: bench/ast_crosscheck.py [--cli PATH | --json FILE] [--show N] [ROOT...]
Exit status: 0 when no file mismatches, 1 otherwise, 2 on usage errors.
"""
import argparse
import ast
import json
import os
import subprocess
import sys
import sysconfig
from collections import defaultdict


def python_files(roots):
    for root in roots:
        if os.path.isfile(root):
            yield os.path.abspath(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in ("site-packages", "__pycache__", ".git"))
            for name in sorted(filenames):
                if name.endswith(".py"):
                    yield os.path.abspath(os.path.join(dirpath, name))


def ast_statements(path):
    """{(line, column): description} of the file's import statements, or
    None when Python cannot parse the file."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        tree = ast.parse(data, filename=path)
    except (SyntaxError, ValueError):
        return None
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            what = ("import", tuple(a.name for a in node.names))
        elif isinstance(node, ast.ImportFrom):
            what = ("from", node.module or "", node.level,
                    tuple(a.name for a in node.names))
        else:
            continue
        found[(node.lineno, node.col_offset + 1)] = what
    return found


def impgraph_statements(file_record):
    """The same mapping built from one file of the scan JSON."""
    grouped = defaultdict(list)
    for imp in file_record["imports"]:
        if imp["kind"] not in ("import", "from", "star", "future"):
            continue
        st = imp["statement"]
        grouped[(st["start_line"], st["start_column"], "lazy" in imp["flags"])].append(imp)
    found = {}
    for (line, column, lazy), imps in grouped.items():
        first = imps[0]
        if first["kind"] == "import":
            what = ("import", tuple(i["module"] for i in imps))
        else:
            what = ("from", first["module"], first["level"],
                    tuple(n["name"] for n in first["names"]))
        if lazy:  # `lazy` is not Python 3.11 syntax: ast never sees these
            what = ("lazy",) + what
        found[(line, column)] = what
    return found


def run_cli(cli, paths, chunk=400):
    files = {}
    for i in range(0, len(paths), chunk):
        out = subprocess.run([cli, "scan", "--format", "json", "--quiet"] + paths[i:i + chunk],
                             check=False, capture_output=True)
        if out.returncode not in (0, 1):
            sys.exit(f"{cli} failed ({out.returncode}): {out.stderr.decode(errors='replace')}")
        for record in json.loads(out.stdout)["files"]:
            files[os.path.abspath(record["path"])] = record
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=os.environ.get("IMPGRAPH_CLI"),
                        help="the impgraph binary (default: $IMPGRAPH_CLI)")
    parser.add_argument("--json", help="use this saved `impgraph scan --format json` output")
    parser.add_argument("--show", type=int, default=20, help="mismatching files to detail")
    parser.add_argument("roots", nargs="*",
                        default=[sysconfig.get_paths()["stdlib"]])
    args = parser.parse_args()
    paths = list(python_files(args.roots))
    if args.json:
        with open(args.json, encoding="utf-8") as f:
            files = {os.path.abspath(r["path"]): r for r in json.load(f)["files"]}
    elif args.cli:
        files = run_cli(args.cli, paths)
    else:
        parser.error("give --cli PATH (or set IMPGRAPH_CLI) or --json FILE")

    ast_total = ours_total = unparsable = mismatched = 0
    details = []
    for path in paths:
        record = files.get(path)
        if record is None:
            mismatched += 1
            details.append((path, ["not in the impgraph output"]))
            continue
        ours = impgraph_statements(record)
        theirs = ast_statements(path)
        if theirs is None:
            unparsable += 1
            continue
        ast_total += len(theirs)
        ours_total += len(ours)
        problems = []
        for pos in sorted(set(theirs) | set(ours)):
            a, b = theirs.get(pos), ours.get(pos)
            if a != b:
                problems.append(f"{pos[0]}:{pos[1]}: ast {a} / impgraph {b}")
        if problems:
            mismatched += 1
            details.append((path, problems))

    for path, problems in details[:args.show]:
        print(path)
        for p in problems[:10]:
            print("   ", p)
    print(f"files {len(paths)}  unparsable by ast {unparsable}  "
          f"import statements: ast {ast_total}, impgraph {ours_total}  "
          f"files with differences {mismatched}")
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
