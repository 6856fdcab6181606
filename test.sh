#!/usr/bin/env bash
# Runs the whole test suite: installs missing system packages, builds the solution, runs every test project,
# and ends with the line "N passed, N failed" (totals over all projects).
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
dotnet build Kiaraoke.AlignApi.sln -c Release -v q -nologo 2>&1 | tee "$log" | grep -E "error|Warn|Elapsed" || true
if ! grep -q " 0 Error(s)" "$log"; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Kiaraoke.AlignApi.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(grep -E "^(Passed|Failed)!" "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+).*/\2 \1/')

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the test host itself failed (crash, abort): never report a clean run
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
