#!/usr/bin/env bash
# The accelerator part of the pipeline, in one command sized for at most 10 minutes (TOTAL_S, default 560 s, of wall
# time): dense teacher scores (snowflake-arctic-embed-xs, config.json `teacher`), then training until the deadline.
# Needs, carried to the machine: training/work/data (from prepare_data.py --stage pairs), training/work/arctic-xs/vocab.txt,
# the teacher training/work/arctic-xs/arctic-xs_int8.pt unless training/work/data already holds its scores
# (teacher.train.npy, teacher.valid.npy, from an earlier run's $OUT), and the starting weights: arctic-xs_int8.pt
# with INIT=arctic-xs (the default), training/work/minilm/minilm_int8.pt with INIT=minilm.
# Writes into $OUT (default training/work/out): teacher.log, train.log, stats.json, the teacher scores when computed
# here (teacher.train.npy, teacher.valid.npy: carried back, a later run with INIT=minilm needs no arctic-xs weights),
# and the trained weights as model_fp16.pt.000, .001, ... (chunks under 15 MiB; `cat model_fp16.pt.* > model_fp16.pt`).
# `run_gpu.sh --tiny` with DEVICE=cpu is the same flow on the tiny configuration, as a dry run on a CPU.
set -euo pipefail
export PYTHONUNBUFFERED=1
# Data-loader workers are forked processes, each with its own tokenizer: no thread pools across the fork.
export TOKENIZERS_PARALLELISM=false
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/work/out}"
device="${DEVICE:-cuda}"
init="${INIT:-arctic-xs}"
total="${TOTAL_S:-560}"
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
case "$init" in
  arctic-xs) needed=(work/arctic-xs/arctic-xs_int8.pt) ;;
  minilm) needed=(work/minilm/minilm_int8.pt) ;;
  *) echo "INIT must be arctic-xs or minilm, not '$init'" >&2; exit 2 ;;
esac
needed+=("$data/train.jsonl.xz" "$data/valid.jsonl.xz" "$data/passages.jsonl.xz" work/arctic-xs/vocab.txt)
teacher_cached=no
[[ -f "$data/teacher.train.npy" && -f "$data/teacher.valid.npy" ]] && teacher_cached=yes
[[ "$teacher_cached" == no ]] && needed+=(work/arctic-xs/arctic-xs_int8.pt)
for file in "${needed[@]}"; do
  [[ -f "$file" ]] || { echo "missing training/$file: carry it (see training/README.md)" >&2; exit 2; }
done
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
SECONDS=0
if [[ "$teacher_cached" == yes ]]; then
  echo "teacher scores already in $data: not recomputed" | tee "$out/teacher.log"
else
  python3 prepare_data.py "${flags[@]}" --stage teacher --device "$device" 2>&1 | tee "$out/teacher.log"
  cp "$data/teacher.train.npy" "$data/teacher.valid.npy" "$out/"
fi
echo "teacher done after ${SECONDS}s" | tee -a "$out/teacher.log"
status=0
# A failing run still saves and returns the weights it has (train_splade.py saves before re-raising).
python3 train_splade.py "${flags[@]}" --init "$init" --deadline-s "$((total - SECONDS))" --shards "$out" 2>&1 | tee "$out/train.log" || status=$?
cp "$run/stats.json" "$out/stats.json" 2>/dev/null || true
echo "all done after ${SECONDS}s, training exit status ${status}" | tee -a "$out/train.log"
exit "$status"
