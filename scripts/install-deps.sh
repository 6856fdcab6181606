#!/usr/bin/env bash
# Installs what a clean Debian 12 + .NET 10 machine lacks to build, run and test Kiaraoke.AlignApi.
# Idempotent: packages already present are skipped. Run as root (CI and the dev machines are root).
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ "${KIARAOKE_WITH_STORES:-1}" = "1" ]; then
  command -v pg_ctlcluster >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  # Replicas behind PgBouncer in transaction pooling (Kiaraoke's compose) are tested with the real one.
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
fi
# The studio page's browser test drives Debian's headless chromium through Debian's chromedriver.
if [ "${KIARAOKE_WITH_BROWSER:-${KIARAOKE_WITH_STORES:-1}}" = "1" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "[install-deps] installing: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || { echo "[install-deps] the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
