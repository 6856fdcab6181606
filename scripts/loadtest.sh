#!/usr/bin/env bash
# Bounded loopback load test: builds the service (Release), starts it on 127.0.0.1 with the embedded model, runs
# scripts/loadtest.py (cached GET and POST /align at concurrency 1, 4, 16), stops it.
#   scripts/loadtest.sh [loadtest.py options, e.g. --get-requests 500 --deadline 60 --get-only]
# Store: the embedded SQLite file by default, or whatever DATABASE_URL / REDIS_URL name. KARAOKE_LOADTEST_STORES=1
# starts a throwaway PostgreSQL and Redis on loopback for the run (Debian packages, as the tests use) and removes them.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${KARAOKE_LOADTEST_PORT:-5181}
dotnet build src/Kiaraoke.AlignApi -c Release -v q -nologo >/dev/null
work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi
  if [ -d "$work/pg" ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${KARAOKE_LOADTEST_STORES:-0}" = "1" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgport=$((port + 1)); redisport=$((port + 2))
  chown postgres:postgres "$work"
  runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -N >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pgport -k $work -c listen_addresses=127.0.0.1" start >/dev/null
  redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres" REDIS_URL="redis://127.0.0.1:$redisport"
fi

log="$work/service.log"
KARAOKE_ALIGN_QUEUE_LIMIT=${KARAOKE_ALIGN_QUEUE_LIMIT:-64} KIARAOKE_DATA_DIR=${KIARAOKE_DATA_DIR:-$work/data} Logging__LogLevel__Default=Warning \
  dotnet src/Kiaraoke.AlignApi/bin/Release/net10.0/Kiaraoke.AlignApi.dll --urls "http://127.0.0.1:${port}" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:${port}/health/ready" >/dev/null || { cat "$log"; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version)"
echo "ready: $(curl -fs "http://127.0.0.1:${port}/health/ready")"
python3 scripts/loadtest.py --port "$port" "$@"
