#!/usr/bin/env python3
"""Speed of impgraph's graph build against its floor and against modulefinder.

For each target module, in one run:
  * impgraph, two ways, rounds interleaved so that machine noise hits both:
      - warm: `impgraph graph --entry TARGET --format json` with the probe
        cache valid (the normal case: the cache, keyed by the interpreter's
        path and mtime, is filled by the first run, which is not timed);
      - cold: the same with --no-probe-cache (the interpreter probe runs
        every time);
    wall time of a new process each time (process start, probe or cache,
    resolution, parsing on --jobs threads, JSON output), median of --rounds;
    the two outputs must be identical;
  * the floor: the raw tree-sitter parse, single-threaded, of the .py files
    impgraph parsed for that graph (nodes with `expanded` and a .py `path`),
    as printed by `bench_scan --rounds N FILES...` ("raw tree-sitter parse");
    divided by the number of cores it is what a perfectly parallel parser
    that does nothing else would take;
  * Python's modulefinder on the same target in the same interpreter (time
    inside the process, interpreter start-up not counted), median of
    --mf-rounds runs.
Printed ratios: impgraph / (raw parse / cores) for each case (goal <= 1.5)
and modulefinder / impgraph for each case (goal >= 5). For information, the
fixed cost of each case (process start, and the probe or the cache, on an
empty script) is printed, and the `-fixed` columns are the floor ratios
with it subtracted.

The probe cache lives in a temporary XDG_CACHE_HOME for the run, so neither
the user's cache nor an earlier run decides what "warm" means.

usage: bench/graph_speed.py [--python PY] [--impgraph CLI] [--bench-scan BIN]
                            [--rounds N] [--mf-rounds N] [--root DIR]...
                            [--no-modulefinder] TARGET...
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

MODES = ("warm", "cold")


def timed(cmd, env):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, env=env).stdout
    return time.perf_counter() - t0, out


def interleaved(commands, rounds, env):
    """Runs each mode's command `rounds` times, alternating which goes first.
    Returns {mode: (median seconds, last stdout)}."""
    times = {mode: [] for mode in commands}
    outputs = {}
    order = list(commands)
    for r in range(rounds):
        for mode in (order if r % 2 == 0 else order[::-1]):
            seconds, out = timed(commands[mode], env)
            times[mode].append(seconds)
            outputs[mode] = out
    return {mode: (statistics.median(times[mode]), outputs[mode]) for mode in commands}


def load_average():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


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
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, cores: {cores}, "
          f"load average: {load_average()}")
    print(f"interpreter: {args.python} ({version}); impgraph: {args.impgraph}; "
          f"rounds: impgraph {args.rounds} per case, bench_scan {args.rounds}, "
          f"modulefinder {args.mf_rounds}")

    cache = tempfile.TemporaryDirectory()
    env = dict(os.environ, XDG_CACHE_HOME=cache.name)
    base = [args.impgraph, "graph", "--python", args.python, "--format", "json", "--quiet"]

    def commands(entry, extra):
        return {"warm": base + ["--entry", entry] + extra,
                "cold": base + ["--entry", entry, "--no-probe-cache"] + extra}

    # Fixed cost of each case: process start and the probe (cold) or the
    # cache (warm), on an empty script (nothing to parse).
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.py")
        open(empty, "w").close()
        fixed_cmds = commands(empty, [])
        timed(fixed_cmds["warm"], env)  # fills the probe cache
        fixed = {mode: t * 1e3 for mode, (t, _) in
                 interleaved(fixed_cmds, max(args.rounds, 3), env).items()}
    print(f"fixed cost (process start + probe cache / interpreter probe, empty script): "
          f"warm {fixed['warm']:.0f} ms, cold {fixed['cold']:.0f} ms")
    print(f"{'':29} | {'floor':>15} | {'warm (probe cache)':>21} | "
          f"{'cold (no cache)':>21} | {'modulefinder':>21}")
    print(f"{'target':<12} {'start':>5} {'files':>5} {'MB':>4} | "
          f"{'parse ms':>8} {'/cores':>6} | {'ms':>7} {'ratio':>6} {'-fixed':>6} | "
          f"{'ms':>7} {'ratio':>6} {'-fixed':>6} | {'ms':>7} {'/warm':>6} {'/cold':>6}")
    for target in args.targets:
        interleaved(commands(target, args.root), 1, env)  # warm-up: the files' pages
        runs = interleaved(commands(target, args.root), args.rounds, env)
        if runs["warm"][1] != runs["cold"][1]:
            print(f"{target}: warm and cold outputs differ", file=sys.stderr)
            return 1
        doc = json.loads(runs["warm"][1])
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
            mf_env = dict(os.environ)
            paths = [r["search_path"] for r in doc.get("roots", [])]
            if paths:
                mf_env["PYTHONPATH"] = os.pathsep.join(
                    paths + [mf_env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
            mf_times = []
            for _ in range(args.mf_rounds):
                mf = run_json([args.python, "-c", MODULEFINDER, target, json.dumps(sorted(bare))],
                              env=mf_env)
                mf_times.append(mf["seconds"])
                mf_err = mf["error"]
            mf_ms = statistics.median(mf_times) * 1e3
        line = f"{target:<12} {startup:>5} {len(files):>5} {size / 1e6:>4.1f} | " \
               f"{raw_ms:>8.1f} {floor_ms:>6.1f}"
        for mode in MODES:
            ms = runs[mode][0] * 1e3
            line += f" | {ms:>7.0f} {ms / floor_ms:>6.2f} {(ms - fixed[mode]) / floor_ms:>6.2f}"
        if args.no_modulefinder:
            line += f" | {'-':>7} {'-':>6} {'-':>6}"
        elif mf_err:
            line += f" | {'n/a':>7} {'n/a':>6} {'n/a':>6}  (modulefinder crashed after " \
                    f"{mf_ms:.0f} ms: {mf_err})"
        else:
            line += f" | {mf_ms:>7.0f} {mf_ms / (runs['warm'][0] * 1e3):>5.1f}x " \
                    f"{mf_ms / (runs['cold'][0] * 1e3):>5.1f}x"
        print(line, flush=True)
    print(f"load average at the end: {load_average()}")
    print("goals: impgraph / (raw parse / cores) <= 1.5; modulefinder / impgraph >= 5")
    cache.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
