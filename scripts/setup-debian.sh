#!/usr/bin/env bash
# Installs the Debian 12 packages impgraph needs, only those missing, as
# root or through sudo. Idempotent: a second run installs nothing and does
# not touch the network. Called by `make setup` (and so by `make run` and
# `make test`).
set -euo pipefail

packages=(build-essential cmake pkg-config python3 libtree-sitter-dev libigraph-dev
          libcmocka-dev libjansson-dev)
# npm fetches the tree-sitter-python grammar. A machine may already have npm
# from another Node.js distribution; Debian's npm would conflict with it.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "impgraph setup: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "impgraph setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "impgraph setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
