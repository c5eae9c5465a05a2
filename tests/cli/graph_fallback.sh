#!/usr/bin/env bash
# An import in an `except ImportError:` handler is a fallback: when the
# preferred import in the try body resolves, the fallback is not loaded at
# start-up (edge kind "fallback"); when the preferred import is missing, the
# fallback runs (edge kind "eager").
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/app.py" <<'PY'
try:
    import json
except ImportError:
    import csv
try:
    import no_such_module_impgraph_test
except ImportError:
    import statistics
PY
"$IMPGRAPH_CLI" graph --no-probe-cache "$tmp/app.py" --format json > "$tmp/g.json"
"${PYTHON3:-python3}" - "$tmp/g.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
startup = {n["name"] for n in doc["nodes"] if n["startup"]}
kinds = {e["to"]: e["kind"] for e in doc["edges"] if e["from"] == "app"}
assert kinds["csv"] == "fallback", kinds
assert "csv" not in startup, "csv is a fallback of a resolved import"
assert kinds["statistics"] == "eager", kinds
assert "statistics" in startup and "json" in startup, startup
print("fallback edges: ok")
PY
