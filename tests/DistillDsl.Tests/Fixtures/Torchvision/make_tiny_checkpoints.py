"""Makes the small real-PyTorch checkpoint fixtures for DistillDsl's Weights/Torchvision tests (run once, output committed).

Run with Debian's python (python3-torch 1.13):
    cd tests/DistillDsl.Tests/Fixtures/Torchvision && /usr/bin/python3 make_tiny_checkpoints.py

TinyNet is conv (Conv2d 2->3, 3x3) -> bn (BatchNorm2d 3) -> fc (Linear 3->2); the C# tests declare the same module.
Every tensor holds known values so the tests can check them without python: the tensor with offset k (table below)
holds k + 0.01 j at flat index j (computed in float64, rounded to float32); bn.num_batches_tracked is 42.

Writes
- tiny_net-<first 8 hex digits of its SHA-256>.pth: torch.save(state_dict), named the way torchvision names its
  checkpoints, so the tests can check the hash-prefix verification on a real file.
- tiny_net_wrapped.pth: torch.save({"state_dict": ..., "epoch": 3}), a training checkpoint rather than a state dict.
- tiny_net_legacy.pth: the same state dict in the pre-1.6 (non-zip) torch.save format.
"""
import hashlib
import io

import torch
from torch import nn

OFFSETS = {
    "conv.weight": 1, "conv.bias": 2,
    "bn.weight": 3, "bn.bias": 4, "bn.running_mean": 5, "bn.running_var": 6,
    "fc.weight": 7, "fc.bias": 8,
}
NUM_BATCHES_TRACKED = 42


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(3, 2)


def main():
    model = TinyNet()
    state = model.state_dict()
    with torch.no_grad():
        for name, tensor in state.items():
            if name == "bn.num_batches_tracked":
                tensor.fill_(NUM_BATCHES_TRACKED)
                continue
            values = OFFSETS[name] + 0.01 * torch.arange(tensor.numel(), dtype=torch.float64)
            tensor.copy_(values.to(torch.float32).reshape(tensor.shape))

    # Saved through a buffer: torch.save names the archive folder after the file, and the hash must not depend on it.
    buffer = io.BytesIO()
    torch.save(state, buffer)
    data = buffer.getvalue()
    name = "tiny_net-%s.pth" % hashlib.sha256(data).hexdigest()[:8]
    with open(name, "wb") as f:
        f.write(data)
    print(name, len(data), "bytes")

    torch.save({"state_dict": state, "epoch": 3}, "tiny_net_wrapped.pth")
    torch.save(state, "tiny_net_legacy.pth", _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    main()
