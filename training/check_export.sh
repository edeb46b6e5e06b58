#!/usr/bin/env bash
# Checks an exported model folder (export_onnx.py) with ONNX Runtime from .NET: graph inputs and outputs,
# and the max-pooled vectors of check.json's texts against PyTorch's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
folder="${1:?usage: check_export.sh <exported-model-folder>}"
dotnet build "$here/tools/SpladeTrainingTool" --configuration Release --verbosity quiet --nologo -o "$here/work/tools/SpladeTrainingTool"
dotnet "$here/work/tools/SpladeTrainingTool/SpladeTrainingTool.dll" check-export "$folder"
