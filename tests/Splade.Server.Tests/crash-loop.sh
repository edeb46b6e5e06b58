#!/usr/bin/env bash
# The server's crash loop for many cycles (CI runs 10): writers stream upserts and deletes at `splade serve`, which is killed
# with SIGKILL at random moments and restarted; every acknowledged write must be there after each restart, and no operation
# half applied. Usage: tests/Splade.Server.Tests/crash-loop.sh [CYCLES=100] [SEED]; prints the summary as JSON (also in
# bench/results/crash-loop.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-100}
seed=${2:-20261206}
report=bench/results/crash-loop.json
dotnet build tests/Splade.Server.Tests --nologo -v quiet
SPLADE_CRASH_CYCLES=$cycles SPLADE_CRASH_SEED=$seed SPLADE_CRASH_REPORT=$PWD/$report \
  dotnet test tests/Splade.Server.Tests --no-build --nologo --filter "FullyQualifiedName~CrashLoopTests"
cat "$report"
