#!/usr/bin/env bash
# --python means the same for every command: by default $VIRTUAL_ENV/bin/python
# when VIRTUAL_ENV is set, else python3 on PATH.
set -euo pipefail
cli="$IMPGRAPH_CLI"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'import json\n' > "$tmp/app.py"
for cmd in "graph --no-probe-cache $tmp/app.py" "measure -n 1 --warmup 0 -c pass"; do
  set +e
  VIRTUAL_ENV="$tmp/no-such-venv" $cli $cmd >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  [[ $rc == 3 ]] || { cat "$tmp/err"; echo "FAIL: '$cmd' with a missing venv exited $rc, expected 3"; exit 1; }
  grep -q "no-such-venv/bin/python" "$tmp/err" ||
    { cat "$tmp/err"; echo "FAIL: '$cmd' error does not name \$VIRTUAL_ENV/bin/python"; exit 1; }
done
# Without VIRTUAL_ENV, python3 from PATH is used.
env -u VIRTUAL_ENV $cli graph --no-probe-cache "$tmp/app.py" --format json >"$tmp/g.json"
grep -q '"json"' "$tmp/g.json" || { echo "FAIL: default python3 graph lacks json"; exit 1; }
echo "default interpreter: ok"
