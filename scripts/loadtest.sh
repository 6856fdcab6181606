#!/usr/bin/env bash
# Bounded loopback load test: builds the service (Release), starts it on 127.0.0.1 with the embedded model and the
# in-memory store, runs scripts/loadtest.py (cached GET and POST /align at concurrency 1, 4, 16), stops it.
#   scripts/loadtest.sh [loadtest.py options, e.g. --get-requests 500 --deadline 60]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${KARAOKE_LOADTEST_PORT:-5181}
dotnet build src/Kiaraoke.AlignApi -c Release -v q -nologo >/dev/null
log=$(mktemp)
KARAOKE_ALIGN_QUEUE_LIMIT=${KARAOKE_ALIGN_QUEUE_LIMIT:-64} Logging__LogLevel__Default=Warning \
  dotnet src/Kiaraoke.AlignApi/bin/Release/net10.0/Kiaraoke.AlignApi.dll --urls "http://127.0.0.1:${port}" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:${port}/health/ready" >/dev/null || { cat "$log"; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version)"
python3 scripts/loadtest.py --port "$port" "$@"
