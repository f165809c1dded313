#!/usr/bin/env bash
# Profiles POST /wallet/transfer on the built server (SQLite), 32 connections, 8 s.
# Run: bash bench/profile-transfer.sh (after npm install, which builds dist/). Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
D=$(mktemp -d); OUT=$(mktemp -d); P=${PORT:-18931}
DATA_DIR=$D PORT=$P HOST=127.0.0.1 LOG_LEVEL=warn FAUCET_AMOUNT=1000 FAUCET_MAX_CLAIMS_PER_IP_PER_DAY=0 RATE_LIMIT_PER_IP_PER_MINUTE=0 RATE_LIMIT_PER_KEY_PER_MINUTE=0 \
  node --cpu-prof --cpu-prof-dir="$OUT" packages/server/bin/purpleflea.js serve --port $P > "$OUT"/server.log 2>&1 &
S=$!
for i in $(seq 50); do curl -sf http://127.0.0.1:$P/healthz >/dev/null && break; sleep 0.2; done
B=http://127.0.0.1:$P/api/v1
curl -sf -XPOST -H 'content-type: application/json' -d '{"username":"sink"}' $B/auth/register >/dev/null
KEY=$(curl -sf -XPOST -H 'content-type: application/json' -d '{"username":"src"}' $B/auth/register | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).api_key))')
curl -sf -XPOST -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d '{}' $B/faucet/claim >/dev/null
npx autocannon -c 32 -d 8 -m POST -H "authorization=Bearer $KEY" -H 'content-type=application/json' -b '{"to":"sink","amount":"0.000001"}' $B/wallet/transfer 2>&1 | grep -E "Req/Sec|Latency|requests in|non 2xx"
kill -INT $S; wait $S || true
node bench/profile-summary.mjs "$OUT"/*.cpuprofile
rm -rf "$D"
