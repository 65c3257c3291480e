#!/usr/bin/env bash
# The one entry point on a fresh machine: provisions Node 24, pnpm and FerretDB when they are
# missing (scripts/provision.sh), installs dependencies from the lockfile, then runs
# `pnpm <args>` (dev and start: the supervisor itself) — e.g. `bash scripts/run.sh dev` or `bash scripts/run.sh test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
eval "$(bash scripts/provision.sh)"
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
# dev and start run the supervisor directly: under pnpm a Ctrl-C also reached pnpm, which printed
# "ELIFECYCLE Command failed" on every requested stop.
case "${1:-}" in
  dev) shift; exec node scripts/dev.ts "$@" ;;
  start) shift; exec node scripts/dev.ts --no-watch "$@" ;;
esac
exec pnpm "$@"
