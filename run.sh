#!/usr/bin/env bash
# The service's main job on embedded defaults, installing what it needs first.
#   ./run.sh                       start the HTTP service on http://127.0.0.1:8080 (embedded model; store: SQLite in
#                                  ./data, or DATABASE_URL / REDIS_URL when set)
#   ./run.sh align --audio F --lyrics F [--out F] ...   align one song offline with the CLI (see README)
#   ./run.sh bench --golden DIR --engine ctc ...        measure on a golden set
set -euo pipefail
cd "$(dirname "$0")"

KIARAOKE_WITH_STORES=0 bash scripts/install-deps.sh

if [ $# -eq 0 ]; then
  dotnet build src/Kiaraoke.AlignApi -c Release -v q -nologo >/dev/null
  # The embedded SQLite store outlives rebuilds in the repository's data/ (git-ignored) unless told otherwise.
  export KIARAOKE_DATA_DIR="${KIARAOKE_DATA_DIR:-$PWD/data}"
  # The build output carries appsettings.json and the embedded model: run from there (content root = that folder).
  cd src/Kiaraoke.AlignApi/bin/Release/net10.0
  exec dotnet Kiaraoke.AlignApi.dll --urls "${KIARAOKE_URLS:-http://127.0.0.1:8080}"
fi

dotnet build src/Kiaraoke.Cli -c Release -v q -nologo >/dev/null
exec dotnet src/Kiaraoke.Cli/bin/Release/net10.0/kiaraoke.dll "$@"
