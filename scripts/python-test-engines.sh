#!/usr/bin/env bash
# Runs the Python suite on SQLite and on PostgreSQL at the same time: the suite mostly waits on its
# servers, so the two runs overlap well on two cores. The venv is set up once first (collect only),
# so the two runs never build it together. Fails if either run fails, after both have finished.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/python-test.sh --collect-only -q python/tests >/dev/null || exit 1
bash scripts/python-test.sh 2>&1 | sed -u 's/^/[python sqlite] /' &
sqlite=$!
npx tsx scripts/with-postgres.ts bash scripts/python-test.sh 2>&1 | sed -u 's/^/[python postgres] /' &
postgres=$!
wait "$sqlite"; sqlite_code=$?
wait "$postgres"; postgres_code=$?
echo "python: sqlite exit $sqlite_code, postgres exit $postgres_code"
[ "$sqlite_code" -eq 0 ] && [ "$postgres_code" -eq 0 ]
