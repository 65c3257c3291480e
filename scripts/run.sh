#!/usr/bin/env bash
# The one entry point on a fresh machine: provisions Node 24, pnpm and FerretDB when they are
# missing (scripts/provision.sh), installs dependencies from the lockfile, then runs
# `pnpm <args>` — e.g. `bash scripts/run.sh dev` or `bash scripts/run.sh test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
eval "$(bash scripts/provision.sh)"
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
exec pnpm "$@"
