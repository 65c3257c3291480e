#!/usr/bin/env bash
# Builds FerretDB (tools/ferretdb) into the binary path given as $1. Go's build and module caches (about
# 1.5 GB for FerretDB) go into a temporary directory removed afterwards, even when the build fails: the
# binary is the only thing kept. The binary is written next to its place and moved in when complete, so
# an interrupted build never leaves a half-written one that the cached-binary check would trust.
set -euo pipefail
out="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/pingpilot-go-build.XXXXXX")"
cleanup() {
  # Go makes the module cache read-only; without write permission `rm` cannot remove it.
  chmod -R u+w "$scratch" 2>/dev/null || true
  rm -rf "$scratch"
  rm -f "$out.partial"
}
trap cleanup EXIT
mkdir -p "$(dirname "$out")"
(
  cd "$root/tools/ferretdb"
  GOPATH="$scratch/gopath" GOMODCACHE="$scratch/gopath/pkg/mod" GOCACHE="$scratch/cache" GOFLAGS="-modcacherw" \
    go build -trimpath -o "$out.partial" .
)
mv "$out.partial" "$out"
