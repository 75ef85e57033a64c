#!/usr/bin/env bash
# Runs Vigil's whole test suite: vet, staticcheck, and every test with the
# race detector on SQLite and on PostgreSQL, including the browser journeys.
# It installs what it needs where it can (as root, with apt-get) and says
# plainly what it had to skip.
set -euo pipefail
cd "$(dirname "$0")/.."

STATICCHECK_VERSION=v0.8.2
PG_URL_DEFAULT="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

say() { printf '\n==> %s\n' "$*"; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  if as_root; then
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "missing $*: install it with: sudo apt-get install $*" >&2
    return 1
  fi
}

say "NHS.UK frontend assets, and axe-core for the browser tests' accessibility checks"
npm ci --include=dev --no-audit --no-fund --loglevel=error
npm run --silent build

say "C compiler for the race detector"
if ! command -v gcc >/dev/null; then apt_install gcc libc6-dev; fi

say "headless Chromium for the browser tests"
if [ -z "${VIGIL_CHROME:-}" ] && ! command -v chromium-headless-shell >/dev/null && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium-headless-shell || echo "browser tests will be SKIPPED"
fi

say "PostgreSQL"
if [ -z "${VIGIL_TEST_POSTGRES:-}" ]; then
  if ! (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432); then
    if as_root && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
      for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
  fi
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    export VIGIL_TEST_POSTGRES="$PG_URL_DEFAULT"
  fi
fi
if [ -n "${VIGIL_TEST_POSTGRES:-}" ]; then
  echo "PostgreSQL tests run against the server in VIGIL_TEST_POSTGRES"
else
  echo "No PostgreSQL server: the PostgreSQL half of the suite is SKIPPED (set VIGIL_TEST_POSTGRES to run it)"
fi

say "go vet"
go vet ./...

say "staticcheck"
go run "honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION}" ./...

say "go test -race (SQLite always; PostgreSQL when configured)"
go test -race -count=1 -timeout 45m ./...
