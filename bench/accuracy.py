#!/usr/bin/env python3
"""Accuracy of impgraph's start-up set against the interpreter's ground truth.

For each target module: the ground truth is the set of modules that
`python -c 'import TARGET'` really adds to sys.modules, minus those present
after a bare start, minus aliases (entries whose __name__ differs from their
key and that are also registered under that name, such as os.path).
impgraph's prediction is the `startup` nodes of a cold
`impgraph graph --entry TARGET --format json --no-probe-cache`. The baseline is Python's own
modulefinder on the same target, run in the same interpreter, in the same
run: its precision/recall and the time ratio are printed beside impgraph's.

usage: bench/accuracy.py [--python PY] [--impgraph CLI] [--root DIR]
                         [--show-misses] TARGET...
Every miss and extra is listed with --show-misses; docs/accuracy.md explains
the known ones.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

GROUND_TRUTH = r"""
import sys
target = sys.argv[1]
before = set(sys.modules)
__import__(target)
added = set(sys.modules) - before
def alias(m):
    # os.path -> posixpath, xml.parsers.expat.model -> pyexpat.model: the same
    # object is also registered under its own name. A module whose __name__
    # merely differs (_decimal is named "decimal") was really loaded: keep it.
    name = getattr(sys.modules[m], "__name__", m)
    return name != m and sys.modules.get(name) is sys.modules[m]
real = sorted(m for m in added if not alias(m))
import json  # only now: the target may import json itself
print(json.dumps(real))
"""

MODULEFINDER = r"""
import json, sys, time, modulefinder, tempfile, os
sys.setrecursionlimit(100000)
target = sys.argv[1]
bare = set(json.loads(sys.argv[2]))
with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
    f.write("import %s\n" % target)
t0 = time.perf_counter()
try:
    finder = modulefinder.ModuleFinder()
    finder.run_script(f.name)
    found = sorted(set(finder.modules) - {"__main__"} - bare)
    error = None
except BaseException as e:  # gh-84530 and recursion errors: report, don't die
    found, error = [], "%s: %s" % (type(e).__name__, e)
elapsed = time.perf_counter() - t0
os.unlink(f.name)
print(json.dumps({"found": found, "seconds": elapsed, "error": error}))
"""


def run_json(cmd, **kw):
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw).stdout
    return json.loads(out)


def bare_modules(python):
    return set(run_json([python, "-c", "import sys, json; print(json.dumps(sorted(sys.modules)))"]))


def score(predicted, truth):
    predicted, truth = set(predicted), set(truth)
    hit = len(predicted & truth)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(truth) if truth else 1.0
    return precision, recall


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=os.environ.get("PYTHON3", "python3"))
    ap.add_argument("--impgraph", default="build/release/bin/impgraph")
    ap.add_argument("--root", action="append", default=[],
                    help="source root for first-party targets (repeatable)")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--no-modulefinder", action="store_true")
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()

    bare = bare_modules(args.python)
    print(f"interpreter: {args.python}")
    print(f"{'target':<28} {'truth':>5} | {'impgraph P':>10} {'R':>6} {'ms':>7} | "
          f"{'modulefinder P':>14} {'R':>6} {'ms':>8} | {'speed-up':>8}")
    worst = (1.0, 1.0)
    skipped = 0
    for target in args.targets:
        # Cold: no probe cache, so the interpreter probe is part of the time.
        cmd = [args.impgraph, "graph", "--python", args.python, "--entry", target,
               "--format", "json", "--quiet", "--no-probe-cache"] + args.root
        t0 = time.perf_counter()
        try:
            doc = run_json(cmd)
        except subprocess.CalledProcessError as e:
            # Not installed for this interpreter (tkinter without python3-tk):
            # said, and the other targets go on.
            print(f"{target:<28} skipped: impgraph exited with status {e.returncode}")
            skipped += 1
            continue
        ig_seconds = time.perf_counter() - t0
        # A root is a project directory (src or flat layout), a package
        # directory or a script: the interpreter needs the directory impgraph
        # put first on the search path (ROOT/src for a src layout), not ROOT.
        env = dict(os.environ)
        paths = [r["search_path"] for r in doc.get("roots", [])]
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        try:
            truth = run_json([args.python, "-c", GROUND_TRUTH, target], env=env,
                             stderr=subprocess.PIPE)
        except subprocess.CalledProcessError as e:
            # The target itself fails to import (matplotlib_inline without
            # matplotlib): there is no ground truth to compare with.
            last = (e.stderr or b"").decode(errors="replace").strip().splitlines()
            print(f"{target:<28} skipped: python fails to import it"
                  + (f" ({last[-1]})" if last else ""))
            skipped += 1
            continue
        predicted = [n["name"] for n in doc["nodes"] if n["startup"]]
        # The entry itself is in both sets; modules preloaded at bare start are in neither.
        p, r = score(predicted, truth)
        worst = (min(worst[0], p), min(worst[1], r))
        mf = {"found": [], "seconds": float("nan"), "error": "skipped"}
        if not args.no_modulefinder:
            mf = run_json([args.python, "-c", MODULEFINDER, target, json.dumps(sorted(bare))], env=env)
        mp, mr = score(mf["found"], truth) if not mf["error"] else (float("nan"), float("nan"))
        # The time until a crash is no comparison.
        ratio = mf["seconds"] / ig_seconds if ig_seconds and not mf["error"] else float("nan")
        print(f"{target:<28} {len(truth):>5} | {p:>10.3f} {r:>6.3f} {ig_seconds*1e3:>7.0f} | "
              f"{mp:>14.3f} {mr:>6.3f} {mf['seconds']*1e3:>8.0f} | {ratio:>7.1f}x"
              + (f"  (modulefinder crashed: {mf['error']})" if mf["error"] and mf["error"] != "skipped" else ""))
        if args.show_misses:
            missed = sorted(set(truth) - set(predicted))
            extra = sorted(set(predicted) - set(truth))
            if missed:
                print(f"    missed ({len(missed)}): {' '.join(missed)}")
            if extra:
                print(f"    extra  ({len(extra)}): {' '.join(extra)}")
    print(f"worst precision {worst[0]:.3f}, worst recall {worst[1]:.3f} "
          f"(goals: precision >= 0.97, recall >= 0.99)"
          + (f"; {skipped} target(s) skipped" if skipped else ""))
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
