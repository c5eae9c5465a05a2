#!/usr/bin/env bash
# six's run-time meta path importer (tests/data/six, docs/formats/graph.md
# "six.moves"): six.moves and the modules six serves are REGISTERED nodes,
# `from six.moves import NAME` also imports NAME's Python 3 target in the
# same statement, and a NAME six does not define on this platform (winreg
# off Windows) makes the importing module fail. The start-up set of each
# entry must equal what the real python3 loads, then node kinds, edges and
# failures are checked.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
export PYTHONDONTWRITEBYTECODE=1
py="${PYTHON3:-python3}"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/startup.sh"
cd "$IMPGRAPH_SOURCE_DIR/tests/data/six/vendor"

if [[ "$("$py" -c 'import sys; print(sys.platform)')" == win32 ]]; then
  echo "SKIP: the fixture expects winreg to be absent"; exit 0
fi
keep="n.startswith(('fx_', 'six')) or n in ('queue', 'shlex', 'configparser', 'winreg')"
declare -A expected=(
  [fx_six_user]="fx_six_before fx_six_sub fx_six_user queue shlex six six.moves six.moves.queue six.moves.urllib six.moves.urllib.parse"
  [fx_six_sub]="fx_six_sub queue six six.moves six.moves.queue six.moves.urllib six.moves.urllib.parse"
  [fx_six_entry_missing]="fx_six_entry_missing six six.moves"
)
status=0
for entry in fx_six_user fx_six_sub fx_six_entry_missing; do
  truth=$(startup_truth "$entry" "$keep")
  "$IMPGRAPH_CLI" graph . --python "$py" --entry "$entry" --format json -q > "$tmp/$entry.json"
  got=$(startup_got "$tmp/$entry.json" "$keep")
  startup_compare "$entry" "${expected[$entry]}" "$truth" "$got" || status=1
done
[[ $status == 0 ]] || exit 1
echo "start-up sets match python3 for 3 entries"

"$IMPGRAPH_CLI" graph . --python "$py" --entry fx_six_user --entry fx_six_entry_missing \
  --format json -q > "$tmp/all.json"
"$py" - "$tmp/all.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = {n["name"]: n for n in doc["nodes"]}
kinds = {name: nodes[name]["kind"] for name in nodes if name.startswith("six")}
assert kinds["six"] == "source", kinds
for name in ("six.moves", "six.moves.queue", "six.moves.urllib", "six.moves.urllib.parse"):
    assert kinds[name] == "registered" and nodes[name]["path"] is None, (name, nodes[name])
# No submodule is imported for an attribute of six.moves.
for name in ("six.moves._thread", "six.moves.reduce", "six.moves.shlex_quote"):
    assert name not in nodes, name
assert kinds["six.moves.winreg"] == "missing", kinds
assert "sys.platform == \"win32\"" in nodes["six.moves.winreg"]["reason"], nodes["six.moves.winreg"]
assert "winreg" not in nodes, "an absent move has no target"

def edges(src):
    return [e for e in doc["edges"] if e["from"] == src]

# from six.moves import _thread: six.moves and _thread, both at line 2, same site.
user = {(e["to"], e["line"], e["kind"], e["import_index"]) for e in edges("fx_six_user")}
assert ("six.moves", 2, "eager", 0) in user and ("_thread", 2, "eager", 0) in user, user
# from six.moves import reduce, shlex_quote: functools and shlex.
assert ("functools", 3, "eager", 1) in user and ("shlex", 3, "eager", 1) in user, user
sub = {(e["to"], e["line"]) for e in edges("fx_six_sub")}
# import six.moves.queue: the registered submodule and its target queue.
assert ("six.moves.queue", 3) in sub and ("queue", 3) in sub, sub
assert ("six.moves.urllib.parse", 4) in sub and ("urllib.parse", 4) in sub, sub
parent = {(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "parent"}
assert ("six.moves", "six") in parent and ("six.moves.urllib.parse", "six.moves.urllib") in parent

# Failures: winreg off Windows, and a name six does not define.
fails = {n for n, node in nodes.items() if "fails" in node["flags"]}
assert fails == {"fx_six_win", "fx_six_missing"}, sorted(fails)
f = nodes["fx_six_win"]["failure"]
assert (f["line"], f["imported"], f["missing"]) == (4, "six.moves.winreg", "six.moves.winreg"), f
f = nodes["fx_six_missing"]["failure"]
assert (f["line"], f["missing"]) == (2, "six.moves.no_such_move"), f
assert not nodes["fx_six_after"]["startup"] and nodes["fx_six_before"]["startup"]
print("six nodes, edges and failures as python3 runs them")
PY
