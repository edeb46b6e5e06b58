#!/bin/bash
# Open time, resident memory and one-thread latency of a 1M-document approximate index, before and after an engine change:
#   bench/seam-probe/run.sh BEFORE_CHECKOUT AFTER_CHECKOUT WORK_DIR
# Each checkout builds its own CLI (to write its own index format) and its own probe (OpenProbe.csproj against its
# Splade.Index); both indexes are built from the same synthetic corpus, then probed alternately, three rounds, exact (Auto)
# and approximate; each probe keeps every query's best of three passes.
set -euo pipefail
before=$(realpath "$1"); after=$(realpath "$2"); work=$3
here=$(dirname "$(realpath "$0")")
mkdir -p "$work"
for side in before after; do
  tree=${!side}
  dotnet build -c Release "$tree/src/Splade.Cli" -v q -nologo
  mkdir -p "$work/probe-$side"
  cp "$here/OpenProbe.csproj" "$here/Program.cs" "$work/probe-$side/"
  dotnet build -c Release "$work/probe-$side" -p:Tree="$tree" -v q -nologo
done
[ -f "$work/synth/docs.jsonl" ] || dotnet "$after/src/Splade.Cli/bin/Release/net10.0/splade.dll" synth --docs 1000000 --queries 200 -o "$work/synth"
for side in before after; do
  tree=${!side}
  [ -f "$work/idx-$side/commit" ] || dotnet "$tree/src/Splade.Cli/bin/Release/net10.0/splade.dll" index build \
    -i "$work/synth/docs.jsonl" -o "$work/idx-$side" --approximate
done
for round in 1 2 3; do
  for side in before after; do
    for algorithm in Auto Approximate; do
      dotnet "$work/probe-$side/bin/Release/net10.0/OpenProbe.dll" "$work/idx-$side" "$work/synth/queries.jsonl" $algorithm 200 \
        | tee -a "$work/probe-$side.jsonl"
    done
  done
done
