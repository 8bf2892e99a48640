#!/usr/bin/env bash
# The README's main command: restores the project's tools and packages, builds (which applies the TorchSharp fix for
# Debian 12, see build/TorchSharpOnDebian12.targets), then trains and evaluates a Reduced Student against the ImageNet
# ResNet-18 teacher on the embedded synthetic texture data. Extra arguments go to `distill demo` (try --help).
set -euo pipefail
cd "$(dirname "$0")"
bash build/ensure-system-packages.sh
dotnet tool restore
dotnet run --project src/DistillDsl.Cli -c Release -- demo "$@"
