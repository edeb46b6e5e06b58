#!/usr/bin/env bash
# The server's crash loop for many cycles (CI runs 10): writers stream upserts and deletes at `splade serve`, which is killed
# with SIGKILL at random moments and restarted; every acknowledged write must be there after each restart, and no operation
# half applied. Usage: tests/Splade.Server.Tests/crash-loop.sh [CYCLES=100] [SEED]; prints the summary as JSON (also in
# bench/results/crash-loop.json) and one line per cycle while it runs (also in bench/results/crash-loop.progress.txt). On a
# failure it prints the test's message (the server's exit code and last output lines) and keeps the data folder it names.
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-100}
seed=${2:-20261206}
report=bench/results/crash-loop.json
progress=bench/results/crash-loop.progress.txt
dotnet build tests/Splade.Server.Tests --nologo -v quiet
rm -f "$progress" "$report.tmp"
touch "$progress"
tail -f "$progress" &
tail_pid=$!
trap 'kill "$tail_pid" 2>/dev/null || true' EXIT
status=0
SPLADE_CRASH_CYCLES=$cycles SPLADE_CRASH_SEED=$seed SPLADE_CRASH_REPORT=$PWD/$report.tmp SPLADE_CRASH_PROGRESS=$PWD/$progress \
  dotnet test tests/Splade.Server.Tests --no-build --nologo --logger "console;verbosity=normal" \
  --filter "FullyQualifiedName~CrashLoopTests" || status=$?
if [ "$status" -ne 0 ]; then
  echo "crash loop FAILED after $(wc -l < "$progress") restarts (seed $seed); see the message above for the server's exit code," \
    "its last output lines and the kept data folder" >&2
  exit "$status"
fi
mv "$report.tmp" "$report"
cat "$report"
