#!/usr/bin/env bash
# Every command listed by `impgraph --help` has a page docs/cli/impgraph-<cmd>.md
# that documents every long option its --help shows, and is listed in
# docs/cli/impgraph.md.
set -euo pipefail
cli="$IMPGRAPH_CLI"
docs="$IMPGRAPH_SOURCE_DIR/docs/cli"
fail=0
commands=$("$cli" --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}')
[[ -n "$commands" ]] || { echo "no commands found in impgraph --help"; exit 1; }
for cmd in $commands; do
  page="$docs/impgraph-$cmd.md"
  if [[ ! -f "$page" ]]; then echo "missing $page"; fail=1; continue; fi
  grep -q "impgraph-$cmd.md" "$docs/impgraph.md" || { echo "impgraph.md does not list $cmd"; fail=1; }
  for opt in $("$cli" "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    grep -q -- "$opt" "$page" || { echo "$cmd: $opt is in --help but not in $(basename "$page")"; fail=1; }
  done
done
[[ $fail == 0 ]] && echo "help/docs: $(wc -w <<<"$commands") commands checked"
exit $fail
