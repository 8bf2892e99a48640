#!/usr/bin/env bash
# Prints the path of the real pwsh (pwsh.dll, run with `dotnet <path>`) of the local PowerShell tool in
# .config/dotnet-tools.json, after `dotnet tool restore`. `dotnet tool run pwsh` is a launcher that starts this pwsh as
# its child, so a signal sent to the launcher (SIGKILL, a scheduler's stop) leaves the pwsh and its training running;
# `exec dotnet "$(build/real-pwsh.sh)" ...` makes the script's own process the pwsh, which a signal then reaches.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(sed -n '/"powershell"/,/}/s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json)"
packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')}"
dll="${packages%/}/powershell/${version}/tools/net10.0/any/unix/pwsh.dll"
if [[ ! -f "$dll" ]]; then
    echo "real-pwsh.sh: '$dll' is missing (run 'dotnet tool restore' first)" >&2
    exit 1
fi
echo "$dll"
