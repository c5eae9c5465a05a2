# Sourced by the CLI tests that compare impgraph's start-up set with what
# the real interpreter loads. Needs $py (the interpreter) set.

# startup_truth ENTRY FILTER: the modules `import ENTRY` adds to sys.modules
# that FILTER keeps (a Python expression over `n`, the name, and `m`, the
# module), sorted and space-separated. Runs in the current directory and
# environment.
startup_truth() {
  "$py" -c "
import sys
before = set(sys.modules)
import $1
print(' '.join(sorted(n for n in set(sys.modules) - before
                      if (lambda n, m: $2)(n, sys.modules[n]))))"
}

# startup_got JSON FILTER: the start-up set of a graph JSON document
# (`impgraph graph --format json`) that FILTER (over `n`) keeps, sorted and
# space-separated.
startup_got() {
  "$py" -c "
import json, sys
doc = json.load(open(sys.argv[1]))
print(' '.join(sorted(x['name'] for x in doc['nodes']
                      if x['startup'] and (lambda n: $2)(x['name']))))" "$1"
}

# startup_compare LABEL EXPECTED TRUTH GOT: the interpreter must load what
# the test expects, and impgraph must predict what it loads. Prints a FAIL
# line for each mismatch; returns 1 when there is one.
startup_compare() {
  local rc=0
  if [[ "$3" != "$2" ]]; then
    echo "FAIL: $1: python3 loads [$3], the test expects [$2]"
    rc=1
  fi
  if [[ "$4" != "$3" ]]; then
    echo "FAIL: $1: impgraph's start-up set [$4], python3 loads [$3]"
    rc=1
  fi
  return $rc
}
