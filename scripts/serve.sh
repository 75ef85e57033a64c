#!/usr/bin/env bash
# Builds Vigil (front-end assets, then the Go binary) and runs it on the
# embedded SQLite database in ./data with the demo organisations.
# Extra arguments go to `vigil serve`, e.g. --addr 0.0.0.0:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
go build -o vigil ./cmd/vigil
exec ./vigil serve --demo --log-format text "$@"
