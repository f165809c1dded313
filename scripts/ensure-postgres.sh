#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are on this machine for the test suite (which starts its
# own throwaway server on 127.0.0.1; nothing is configured system-wide). On Debian or Ubuntu they
# come from the `postgresql` package, installed here when missing (as root, or through sudo).
set -euo pipefail

if [ -n "${PG_BIN_DIR:-}" ] && [ -x "$PG_BIN_DIR/initdb" ]; then exit 0; fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi

say() { echo "ensure-postgres: $*" >&2; }
if ! command -v apt-get >/dev/null 2>&1; then
  say "PostgreSQL server binaries not found and apt-get is not available."
  say "Install PostgreSQL 15 or newer and set PG_BIN_DIR to the folder holding initdb and postgres."
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
say "installing Debian's postgresql package (the test suite runs its own server on 127.0.0.1)"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null \
  || { $sudo apt-get update >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
