#!/usr/bin/env bash
# Debian packages the project uses beyond the .NET SDK, installed only where missing (a no-op on machines that have them):
#   fonts-dejavu-core  the TTF files the report plots register for their labels (src/DistillDsl/Reports/PlotFonts.cs).
set -euo pipefail
[ "$(uname -s)" = "Linux" ] || exit 0
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "Installing fonts-dejavu-core (plot labels) ..."
    $sudo_cmd apt-get install -y fonts-dejavu-core >/dev/null 2>&1 \
      || { $sudo_cmd apt-get update >/dev/null 2>&1 && $sudo_cmd apt-get install -y fonts-dejavu-core >/dev/null; }
  else
    echo "warning: DejaVu Sans not found and no apt-get; report plots will have no text labels." >&2
  fi
fi
