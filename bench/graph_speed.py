#!/usr/bin/env python3
"""Speed of impgraph's cold graph build against its floor and against modulefinder.

For each target module, in one run:
  * impgraph: wall time of `impgraph graph --entry TARGET --format json
    --no-probe-cache` (cold: the interpreter probe runs every time; process
    start, probe, resolution, parsing on --jobs threads, JSON output), median
    of --rounds runs;
  * the floor: the raw tree-sitter parse, single-threaded, of the .py files
    impgraph parsed for that graph (nodes with `expanded` and a .py `path`),
    as printed by `bench_scan --rounds N FILES...` ("raw tree-sitter parse");
    divided by the number of cores it is what a perfectly parallel parser
    that does nothing else would take;
  * Python's modulefinder on the same target in the same interpreter (time
    inside the process, interpreter start-up not counted), median of
    --mf-rounds runs.
Printed ratios: impgraph / (raw parse / cores) (goal <= 1.5) and
modulefinder / impgraph (goal >= 5). For information, the fixed cost of a
cold run (process start and interpreter probe, on an empty script) is
printed, and column `-fixed` is the first ratio with it subtracted.

usage: bench/graph_speed.py [--python PY] [--impgraph CLI] [--bench-scan BIN]
                            [--rounds N] [--mf-rounds N] [--root DIR]... TARGET...
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from accuracy import MODULEFINDER, bare_modules, run_json  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=os.environ.get("PYTHON3", "python3"))
    ap.add_argument("--impgraph", default="build/release/bin/impgraph")
    ap.add_argument("--bench-scan", default=None,
                    help="bench_scan binary (default: next to --impgraph)")
    ap.add_argument("--root", action="append", default=[],
                    help="source root for first-party targets (repeatable)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--mf-rounds", type=int, default=1)
    ap.add_argument("--no-modulefinder", action="store_true")
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()
    bench_scan = args.bench_scan or os.path.join(os.path.dirname(args.impgraph), "bench_scan")
    cores = os.cpu_count() or 1

    bare = bare_modules(args.python)
    version = subprocess.run([args.python, "-c", "import sys; print(sys.version.split()[0])"],
                             check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, cores: {cores}, "
          f"load average: {' '.join(load)}")
    print(f"interpreter: {args.python} ({version}); impgraph: {args.impgraph}; "
          f"rounds: impgraph {args.rounds}, bench_scan {args.rounds}, modulefinder {args.mf_rounds}")
    # Fixed cost of a cold run: process start and the interpreter probe,
    # measured on an empty script (nothing to parse).
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.py")
        open(empty, "w").close()
        fixed = []
        for _ in range(max(args.rounds, 3)):
            t0 = time.perf_counter()
            subprocess.run([args.impgraph, "graph", "--python", args.python, "--entry", empty,
                            "--format", "json", "--quiet", "--no-probe-cache"],
                           check=True, stdout=subprocess.DEVNULL)
            fixed.append(time.perf_counter() - t0)
    fixed_ms = statistics.median(fixed) * 1e3
    print(f"fixed cost of a cold run (process start + interpreter probe, empty script): {fixed_ms:.0f} ms")
    print(f"{'target':<14} {'start':>5} {'files':>5} {'MB':>5} | {'impgraph ms':>11} "
          f"{'raw parse ms':>12} {'/cores':>7} {'ratio':>6} {'-fixed':>6} | {'modulefinder ms':>15} {'mf/ig':>6}")
    for target in args.targets:
        cmd = [args.impgraph, "graph", "--python", args.python, "--entry", target,
               "--format", "json", "--quiet", "--no-probe-cache"] + args.root
        times, doc = [], None
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
            times.append(time.perf_counter() - t0)
            doc = json.loads(out)
        ig = statistics.median(times)
        startup = sum(1 for n in doc["nodes"] if n["startup"])
        files = sorted({n["path"] for n in doc["nodes"]
                        if n.get("expanded") and n.get("path") and n["path"].endswith(".py")
                        and os.path.isfile(n["path"])})
        size = sum(os.path.getsize(f) for f in files)
        raw_ms = float("nan")
        if files:
            scan = subprocess.run([bench_scan, "--rounds", str(args.rounds)] + files,
                                  check=True, stdout=subprocess.PIPE, text=True).stdout
            m = re.search(r"raw tree-sitter parse:\s*([0-9.]+) ms", scan)
            raw_ms = float(m.group(1)) if m else float("nan")
        floor_ms = raw_ms / cores
        mf_ms, mf_err = float("nan"), None
        if not args.no_modulefinder:
            env = dict(os.environ)
            paths = [r["search_path"] for r in doc.get("roots", [])]
            if paths:
                env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
            mf_times = []
            for _ in range(args.mf_rounds):
                mf = run_json([args.python, "-c", MODULEFINDER, target, json.dumps(sorted(bare))], env=env)
                mf_times.append(mf["seconds"])
                mf_err = mf["error"]
            mf_ms = statistics.median(mf_times) * 1e3
        ig_ms = ig * 1e3
        print(f"{target:<14} {startup:>5} {len(files):>5} {size / 1e6:>5.1f} | {ig_ms:>11.0f} "
              f"{raw_ms:>12.1f} {floor_ms:>7.1f} {ig_ms / floor_ms:>6.2f} "
              f"{(ig_ms - fixed_ms) / floor_ms:>6.2f} | {mf_ms if not mf_err else float('nan'):>15.0f} "
              + (f"{mf_ms / ig_ms:>5.1f}x" if not mf_err else f"{'n/a':>6}")
              + (f"  (modulefinder crashed after {mf_ms:.0f} ms: {mf_err})" if mf_err else ""),
              flush=True)
    print("goals: impgraph / (raw parse / cores) <= 1.5; modulefinder / impgraph >= 5")


if __name__ == "__main__":
    sys.exit(main())
