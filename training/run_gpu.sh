#!/usr/bin/env bash
# The accelerator part of the pipeline, in one command: dense teacher scores, then training under the
# time budget of config.json (train.time_budget_s). Needs, carried to the machine: training/work/data
# (from prepare_data.py --stage pairs), training/work/minilm/minilm_int8.pt and training/work/minilm/vocab.txt.
# Writes into $OUT (default training/work/out): teacher.log, train.log, stats.json and the trained
# weights as model_fp16.pt.000, .001, ... (chunks under 15 MiB; `cat model_fp16.pt.* > model_fp16.pt`).
# `run_gpu.sh --tiny` with DEVICE=cpu is the same flow on the tiny configuration, as a dry run on a CPU.
set -euo pipefail
export PYTHONUNBUFFERED=1
# Data-loader workers are forked processes, each with its own tokenizer: no thread pools across the fork.
export TOKENIZERS_PARALLELISM=false
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/work/out}"
device="${DEVICE:-cuda}"
flags=()
data=work/data
run=work/runs/full
if [[ "${1:-}" == "--tiny" ]]; then
  flags=(--tiny)
  data=work/data-tiny
  run=work/runs/tiny
fi
mkdir -p "$out"
cd "$here"
for needed in "$data/train.jsonl.xz" "$data/passages.jsonl.xz" work/minilm/minilm_int8.pt work/minilm/vocab.txt; do
  [[ -f "$needed" ]] || { echo "missing training/$needed: carry it (see training/README.md)" >&2; exit 2; }
done
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
SECONDS=0
python3 prepare_data.py "${flags[@]}" --stage teacher --device "$device" 2>&1 | tee "$out/teacher.log"
echo "teacher done after ${SECONDS}s" | tee -a "$out/teacher.log"
status=0
# A failing run still saves and returns the weights it has (train_splade.py saves before re-raising).
python3 train_splade.py "${flags[@]}" --shards "$out" 2>&1 | tee "$out/train.log" || status=$?
cp "$run/stats.json" "$out/stats.json" 2>/dev/null || true
echo "all done after ${SECONDS}s, training exit status ${status}" | tee -a "$out/train.log"
exit "$status"
