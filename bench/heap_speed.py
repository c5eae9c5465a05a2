#!/usr/bin/env python3
"""What the CLI's heap set-up (cli/heap.c) saves, measured in one run.

For each target, `impgraph graph --entry TARGET --format json` runs with the
probe cache warm (filled by an untimed first run in a temporary
XDG_CACHE_HOME) in two ways, rounds interleaved (the order alternates) so
that machine noise hits both:
  * plain: IMPGRAPH_PLAIN_HEAP=1 (glibc's default allocator settings);
  * tuned: the CLI's default (16 MiB heap growth, freed memory kept,
    transparent huge pages advised on each thread's heap).
Printed per case: medians of the wall time, of the CPU time (user + system)
and of the page faults (minor + major) of the process, and tuned / plain.
The two outputs must be identical.

usage: bench/heap_speed.py [--python PY] [--impgraph CLI] [--rounds N]
                           [--root DIR]... TARGET...
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CASES = (("plain", {"IMPGRAPH_PLAIN_HEAP": "1"}), ("tuned", {"IMPGRAPH_PLAIN_HEAP": "0"}))


def run(cmd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, env=env).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    faults = (after.ru_minflt + after.ru_majflt) - (before.ru_minflt + before.ru_majflt)
    return wall, cpu, faults, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default="python3")
    ap.add_argument("--impgraph", default="build/release/bin/impgraph")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--root", action="append", default=[])
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        base_env = dict(os.environ, XDG_CACHE_HOME=cache)
        print(f"{'target':<14} {'case':<6} {'wall ms':>8} {'cpu ms':>8} {'faults':>7}"
              f"   tuned/plain: wall   cpu  faults")
        for target in args.targets:
            cmd = [args.impgraph, "graph", "--python", args.python, "--entry", target,
                   "--format", "json", *args.root]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=base_env)
            samples = {name: [] for name, _ in CASES}
            outputs = {}
            for r in range(args.rounds):
                for name, extra in (CASES if r % 2 == 0 else CASES[::-1]):
                    wall, cpu, faults, out = run(cmd, dict(base_env, **extra))
                    samples[name].append((wall, cpu, faults))
                    outputs[name] = out
            if outputs["plain"] != outputs["tuned"]:
                sys.exit(f"{target}: the two outputs differ")
            med = {name: [statistics.median(s[i] for s in samples[name]) for i in range(3)]
                   for name in samples}
            for name, _ in CASES:
                wall, cpu, faults = med[name]
                line = f"{target:<14} {name:<6} {wall * 1e3:8.0f} {cpu * 1e3:8.0f} {faults:7.0f}"
                if name == "tuned":
                    p = med["plain"]
                    line += (f"   {wall / p[0]:16.2f} {cpu / p[1]:5.2f} "
                             f"{faults / max(p[2], 1):7.2f}")
                print(line, flush=True)


if __name__ == "__main__":
    main()
