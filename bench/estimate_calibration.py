#!/usr/bin/env python3
"""Calibrates impgraph's import-time estimates (impgraph_graph_module_estimate).

Without a profile, impgraph estimates a module's self import time from its
kind and the size of its file: a fixed cost per kind plus, for source
modules and packages, a cost per KiB of source. This script measures the
real self times of a few hundred to a few thousand modules with
`-X importtime` and fits those constants, then prints them with their error
(the ratio estimate / measured: median, quartiles, share within 2x) so
that docs/formats/graph.md ("Estimates") can quote both.

How: for each target (every standard-library top-level module that imports
cleanly, plus a list of third-party packages when installed), one warm-up
run `python -X importtime -c 'import TARGET'` (it writes the .pyc files and
reports every loaded module's kind and file), then --runs measured runs.
Every row of every run is a sample of that module's self time; a module's
self time is the smallest of its samples by default (--statistic min: the
time it takes when nothing else competes for the CPU, which is what a
median of `impgraph measure` approaches on a quiet machine; a shared,
busy machine inflates medians), or their median. Modules loaded by the bare
interpreter (before the program) are left out, as impgraph estimates them 0.

The fit minimises the sum of |ln(estimate / measured)| (a robust fit: a
few modules that do real work at import time, compiling regexes or building
tables, do not drag the constants), over a grid refined three times.

usage: bench/estimate_calibration.py [--python PY] [--runs N]
                                     [--statistic min|median]
                                     [--save FILE] [--load FILE]
                                     [TARGET...]
--save keeps the measured samples (JSON) and --load refits them without
measuring again.
"""
import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys

THIRD_PARTY = [
    "requests", "flask", "jinja2", "click", "yaml", "networkx", "sympy", "boto3",
    "botocore", "pydantic", "IPython", "docutils", "attrs", "jsonschema", "pygments",
    "rich", "cryptography", "dateutil", "idna", "charset_normalizer", "urllib3",
    "werkzeug", "markupsafe", "prompt_toolkit", "parso", "jedi", "mpmath", "docker",
    "moto", "graphql", "libcst", "cfnlint", "openapi_spec_validator", "joserfc",
    "jsonpath_ng", "antlr4", "awscli", "pexpect", "colorama", "blinker", "cffi",
]

# Standard-library modules that open windows, print, need a terminal or take
# seconds: not worth a sample.
SKIP_STDLIB = {
    "antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "test",
    "__hello__", "__phello__", "lib2to3", "ensurepip", "venv", "pydoc_data",
    "xxsubtype", "xxlimited", "xxlimited_35", "_xxsubinterpreters", "_xxtestfuzz",
    "_testcapi", "_testinternalcapi", "_testbuffer", "_testimportmultiple",
    "_testmultiphase", "_ctypes_test", "_tkinter", "msilib", "winreg", "winsound",
    "_winapi", "nt", "msvcrt", "_msi", "_overlapped", "_scproxy", "_osx_support",
}

# Run in the warm-up: what each loaded module is and where its file is.
DESCRIBE = r"""
import sys
__import__(sys.argv[1])
import json
out = {}
for name, mod in list(sys.modules.items()):
    spec = getattr(mod, "__spec__", None)
    if spec is None or spec.name != name:
        continue
    loader = spec.loader
    # BuiltinImporter and FrozenImporter are classes used as loaders.
    loader = "" if loader is None else (
        loader.__name__ if isinstance(loader, type) else type(loader).__name__)
    origin = spec.origin
    if loader == "BuiltinImporter":
        kind = "builtin"
    elif loader == "FrozenImporter":
        kind = "frozen"
    elif loader == "ExtensionFileLoader":
        kind = "extension"
    elif loader == "SourcelessFileLoader":
        kind = "bytecode"
    elif loader == "SourceFileLoader":
        kind = "package" if spec.submodule_search_locations is not None else "source"
    elif spec.submodule_search_locations is not None and not origin:
        kind = "namespace"
    else:
        continue
    size = pyc = 0
    if origin and kind in ("source", "package", "extension", "bytecode"):
        import os
        try:
            size = os.stat(origin).st_size
        except OSError:
            continue
        if kind in ("source", "package"):
            try:
                import importlib.util
                pyc = os.stat(importlib.util.cache_from_source(origin)).st_size
            except (OSError, ValueError, NotImplementedError):
                pyc = 0
    out[name] = [kind, size, pyc]
sys.stdout.write(json.dumps(out))
"""

BARE = "import sys, json; sys.stdout.write(json.dumps(sorted(sys.modules)))"


def rows(log):
    """(name, self µs) of every `-X importtime` row of one run."""
    for line in log.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3:
            continue
        try:
            self_us = int(parts[0])
        except ValueError:
            continue  # the header
        yield parts[2].strip(), self_us


def run(python, code, target=None, importtime=True, timeout=120):
    argv = [python]
    if importtime:
        argv += ["-X", "importtime"]
    argv += ["-c", code]
    if target:
        argv.append(target)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)


def stdlib_targets(python):
    code = "import sys, json; sys.stdout.write(json.dumps(sorted(sys.stdlib_module_names)))"
    names = json.loads(run(python, code, importtime=False).stdout)
    return [n for n in names if n not in SKIP_STDLIB and not n.startswith("_test")]


def measure(python, targets, runs):
    bare = set(json.loads(run(python, BARE, importtime=False).stdout))
    samples, kinds = {}, {}
    for i, target in enumerate(targets):
        try:
            warm = run(python, DESCRIBE, target)
        except subprocess.TimeoutExpired:
            continue
        if warm.returncode != 0:
            print(f"  skip {target}: import fails", file=sys.stderr)
            continue
        kinds.update(json.loads(warm.stdout))
        code = "import sys; __import__(sys.argv[1])"
        for _ in range(runs):
            try:
                result = run(python, code, target)
            except subprocess.TimeoutExpired:
                break
            seen = set()
            for name, self_us in rows(result.stderr):
                if name in bare or name in seen:
                    continue  # a module nested under itself: its first row
                seen.add(name)
                samples.setdefault(name, []).append(self_us)
        print(f"  [{i + 1}/{len(targets)}] {target}: {len(samples)} modules so far",
              file=sys.stderr)
    return {"python": python, "runs": runs, "bare": sorted(bare),
            "modules": {n: {"kind": kinds[n][0], "size": kinds[n][1], "pyc_size": kinds[n][2],
                            "self_us": s}
                        for n, s in samples.items() if n in kinds}}


# ---- fitting ----

def loss(points, base, per_kib):
    return sum(abs(math.log(max(base + per_kib * kib, 1.0) / us)) for kib, us in points)


def fit_linear(points):
    """base µs + per_kib µs/KiB minimising sum |ln(est / measured)|."""
    best = (float("inf"), 0.0, 0.0)
    base_lo, base_hi, slope_lo, slope_hi = 0.0, 2000.0, 0.0, 200.0
    for _ in range(4):
        for i in range(41):
            base = base_lo + (base_hi - base_lo) * i / 40
            for j in range(41):
                slope = slope_lo + (slope_hi - slope_lo) * j / 40
                value = loss(points, base, slope)
                if value < best[0]:
                    best = (value, base, slope)
        _, base, slope = best
        base_span, slope_span = (base_hi - base_lo) / 10, (slope_hi - slope_lo) / 10
        base_lo, base_hi = max(0.0, base - base_span), base + base_span
        slope_lo, slope_hi = max(0.0, slope - slope_span), slope + slope_span
    return best[1], best[2]


def fit_constant(points):
    """The constant minimising sum |ln(c / measured)|: the median."""
    return float(statistics.median(us for _, us in points))


def errors(points, base, per_kib):
    ratios = sorted((base + per_kib * kib) / us for kib, us in points)
    n = len(ratios)
    q = statistics.quantiles(ratios, n=4) if n >= 2 else [ratios[0]] * 3
    within = sum(1 for r in ratios if 0.5 <= r <= 2.0) / n
    total = sum(base + per_kib * kib for kib, _ in points) / sum(us for _, us in points)
    return {"n": n, "median": statistics.median(ratios), "p25": q[0], "p75": q[2],
            "within_2x": within, "sum_ratio": total}


def fmt(e):
    return (f"n={e['n']:5d}  median ratio {e['median']:.2f}  quartiles {e['p25']:.2f}..{e['p75']:.2f}"
            f"  within 2x {100 * e['within_2x']:.0f}%  sum ratio {e['sum_ratio']:.2f}")


def fit(data, statistic):
    pick = min if statistic == "min" else statistics.median
    by_kind = {}
    for name, m in data["modules"].items():
        us = pick(m["self_us"])
        if us <= 0:
            continue
        by_kind.setdefault(m["kind"], []).append((m["size"] / 1024.0, float(us), name))
    model = {}
    print(f"python: {data['python']}, {data['runs']} runs per target, "
          f"{len(data['modules'])} modules measured, self time = {statistic} of the samples")
    print(f"{'kind':10s} {'base µs':>8s} {'µs/KiB':>7s}  error (estimate / measured)")
    for kind in ("source", "package", "extension", "bytecode", "builtin", "frozen", "namespace"):
        points = [(kib, us) for kib, us, _ in by_kind.get(kind, [])]
        if not points:
            continue
        if kind in ("source", "package", "extension", "bytecode") and len(points) >= 10:
            base, slope = fit_linear(points)
        else:
            base, slope = fit_constant(points), 0.0
        model[kind] = (base, slope)
        print(f"{kind:10s} {base:8.0f} {slope:7.1f}  {fmt(errors(points, base, slope))}")
    # Sourceless .pyc modules are rare: their model is fitted on the source
    # modules' own cached .pyc sizes (same loading work, minus the mtime check).
    pyc_points = [(m["pyc_size"] / 1024.0, float(pick(m["self_us"])))
                  for m in data["modules"].values()
                  if m["kind"] == "source" and m.get("pyc_size") and pick(m["self_us"]) > 0]
    if len(pyc_points) >= 10:
        base, slope = fit_linear(pyc_points)
        print(f"{'.pyc':10s} {base:8.0f} {slope:7.1f}  {fmt(errors(pyc_points, base, slope))}"
              "  (source modules by their .pyc size: the bytecode model)")
        if "bytecode" not in model:
            model["bytecode"] = (base, slope)
    # Held-out check: fit on a random half, measure on the other.
    rng = random.Random(1)
    for kind in ("source", "package"):
        points = [(kib, us) for kib, us, _ in by_kind.get(kind, [])]
        if len(points) < 20:
            continue
        rng.shuffle(points)
        half = len(points) // 2
        base, slope = fit_linear(points[:half])
        print(f"held-out {kind}: fit on {half} -> {base:.0f} + {slope:.1f}/KiB; other half "
              f"{fmt(errors(points[half:], base, slope))}")
    all_points = [(kib, us, kind) for kind, pts in by_kind.items() for kib, us, _ in pts]
    est = sum(model[k][0] + model[k][1] * kib for kib, _, k in all_points if k in model)
    real = sum(us for _, us, k in all_points if k in model)
    print(f"all kinds: estimated total / measured total = {est / real:.2f}")
    worst = sorted(((us / (model[k][0] + model[k][1] * kib), n, k, kib, us)
                    for k, pts in by_kind.items() if k in model for kib, us, n in pts),
                   reverse=True)[:10]
    print("most underestimated (measured / estimate):")
    for ratio, name, kind, kib, us in worst:
        print(f"  {ratio:6.1f}x  {name} ({kind}, {kib:.1f} KiB, {us:.0f} µs)")
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default="python3")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--statistic", choices=("min", "median"), default="min")
    ap.add_argument("--save")
    ap.add_argument("--load")
    ap.add_argument("targets", nargs="*")
    args = ap.parse_args()
    if args.load:
        with open(args.load) as f:
            data = json.load(f)
    else:
        targets = args.targets or stdlib_targets(args.python) + THIRD_PARTY
        data = measure(args.python, targets, args.runs)
        if args.save:
            with open(args.save, "w") as f:
                json.dump(data, f)
    fit(data, args.statistic)


if __name__ == "__main__":
    main()
