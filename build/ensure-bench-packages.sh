#!/usr/bin/env bash
# Debian packages the benchmarks' PyTorch side uses (bench/python, never the product or the tests), installed only where
# missing: python3-torch 1.13 and python3-torchvision 0.14.
set -euo pipefail
[ "$(uname -s)" = "Linux" ] || exit 0
if ! /usr/bin/python3 -c 'import torch, torchvision' >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { echo "error: no apt-get; install PyTorch 1.13 and torchvision 0.14 for /usr/bin/python3 by hand." >&2; exit 1; }
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing python3-torch and python3-torchvision (the benchmarks' PyTorch reference) ..."
  $sudo_cmd apt-get install -y python3-torch python3-torchvision >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update >/dev/null 2>&1 && $sudo_cmd apt-get install -y python3-torch python3-torchvision >/dev/null; }
fi
