#!/usr/bin/env bash
# The service's main job on embedded defaults, installing what it needs first.
#   ./run.sh                       align the bundled sample clip with the embedded model, print Kiaraoke JSON
#   ./run.sh align --audio F --lyrics F [--out F] ...   align your own song (see README)
#   ./run.sh bench --golden DIR --engine ctc ...        measure on a golden set
set -euo pipefail
cd "$(dirname "$0")"

KIARAOKE_WITH_STORES=0 bash scripts/install-deps.sh
dotnet build src/Kiaraoke.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/Kiaraoke.Cli/bin/Release/net10.0/kiaraoke.dll)

if [ $# -eq 0 ]; then
  exec "${cli[@]}" align --audio samples/demo/audio.mp3 --lyrics samples/demo/lyrics.txt --lang fr
fi
exec "${cli[@]}" "$@"
