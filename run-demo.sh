#!/usr/bin/env bash
# The README's main command: installs the one Debian package the project needs where it is missing, restores the local
# tools (PowerShell 7.6.9) and packages, builds the PowerShell module (which applies the TorchSharp fix for Debian 12,
# see build/TorchSharpOnDebian12.targets), then runs ./run-demo.ps1 in that PowerShell: synthetic textures, a Reduced
# Student trained and evaluated through the module's cmdlets. Extra arguments go to run-demo.ps1 (e.g.
# -ImageSize 128; see Get-Help ./run-demo.ps1).
set -euo pipefail
cd "$(dirname "$0")"
bash build/ensure-system-packages.sh
dotnet tool restore
dotnet build module/DistillDsl.PowerShell -c Release -nologo -v q
# exec the real pwsh, not the `dotnet tool run pwsh` launcher: this process becomes the training, so Ctrl+C, kill or a
# scheduler's SIGKILL reaches it (a killed launcher would leave the training running; see build/real-pwsh.sh).
pwsh_dll="$(bash build/real-pwsh.sh)"
exec dotnet "$pwsh_dll" -NoProfile -File ./run-demo.ps1 "$@"
