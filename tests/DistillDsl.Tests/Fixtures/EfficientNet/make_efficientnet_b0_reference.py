"""Makes the EfficientNet-b0 reference fixtures for DistillDsl's tests (run once, output committed).

Run with Debian's python (python3-torch 1.13, python3-torchvision 0.14, python3-numpy):
    cd tests/DistillDsl.Tests/Fixtures/EfficientNet && /usr/bin/python3 make_efficientnet_b0_reference.py

Writes
- efficientnet_b0_state_dict.tsv: name, shape and dtype of every entry of torchvision's efficientnet_b0().state_dict(),
  in state-dict order.
- efficientnet_b0_taps.pth: torch.save'd dict of tensors: the input, a few weights (to check that the C# generator makes
  the same numbers), the output of every tap (features.0 .. features.8) and the logits, for torchvision's efficientnet_b0
  in eval mode with weights from the formula below; and the stem's batch-norm buffers after one training-mode pass.

Weights formula (the C# tests implement the same one; every step is exact in float64, then rounded once to float32):
  seed(name)  = FNV-1a 64 of the UTF-8 tensor name
  u(name, j)  = splitmix64(seed(name) + j) >> 11, times 2^-53, times 2, minus 1     (j = flat element index; in [-1, 1))
  weights with >= 2 dims: u * sqrt(6.75 / fan_in), fan_in = numel / shape[0]
  1-dim "weight" (batch norm scale): 1 + 0.2 u;  "bias": 0.02 u;  running_mean: 0.02 u;  running_var: 1 + 0.5 u
  (6.75 = 3 x 2.25: a variance gain of 2.25 keeps activations near unit scale down to features.8, and small biases keep
  the deep taps driven by the input rather than by constants, so the comparison is sensitive to every layer.)
  num_batches_tracked: left at 0;  input (1x3x64x64, name "input"): 2 u
"""
import math

import numpy as np
import torch
import torchvision

MASK64 = (1 << 64) - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return h


def uniform(name, count):
    """Values in [-1, 1) from splitmix64 over seed(name) + 0 .. count-1, as float64."""
    with np.errstate(over="ignore"):
        z = np.arange(count, dtype=np.uint64) + np.uint64(fnv1a64(name))
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 * 2.0 - 1.0


def formula_value(name, shape):
    count = int(np.prod(shape)) if len(shape) > 0 else 1
    u = uniform(name, count)
    if name.endswith("running_mean"):
        values = 0.02 * u
    elif name.endswith("running_var"):
        values = 1.0 + 0.5 * u
    elif name.endswith("bias"):
        values = 0.02 * u
    elif len(shape) >= 2:
        values = u * math.sqrt(6.75 / (count // shape[0]))
    else:
        values = 1.0 + 0.2 * u
    return torch.from_numpy(values.astype(np.float32).reshape(shape))


def main():
    model = torchvision.models.efficientnet_b0()
    state = model.state_dict()

    with open("efficientnet_b0_state_dict.tsv", "w", encoding="utf-8") as f:
        f.write("# torchvision %s efficientnet_b0().state_dict(): name, shape, dtype\n" % torchvision.__version__)
        for name, tensor in state.items():
            shape = "x".join(str(d) for d in tensor.shape) or "scalar"
            f.write("%s\t%s\t%s\n" % (name, shape, str(tensor.dtype).replace("torch.", "")))

    with torch.no_grad():
        for name, tensor in state.items():
            if name.endswith("num_batches_tracked"):
                continue
            tensor.copy_(formula_value(name, tuple(tensor.shape)))
    model.eval()

    x = torch.from_numpy((2.0 * uniform("input", 3 * 64 * 64)).astype(np.float32).reshape(1, 3, 64, 64))
    reference = {"input": x}
    for name in ["features.0.0.weight", "features.0.1.weight", "features.0.1.running_var", "features.2.1.block.2.fc1.bias"]:
        reference["weight:" + name] = state[name].clone()

    tap_names = ["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "head"]
    with torch.no_grad():
        h = x
        for index, tap in enumerate(tap_names):
            h = model.features[index](h)
            reference[tap] = h.clone()
        reference["logits"] = model(x)

        # One training-mode pass through the stem: batch norm updates its running statistics with momentum 0.1.
        model.features[0].train()
        model.features[0](x)
        for buffer in ["running_mean", "running_var", "num_batches_tracked"]:
            reference["after_train_step:features.0.1." + buffer] = state["features.0.1." + buffer].clone()

    for key, value in reference.items():
        print("%-40s %-22s max|x| %.4g" % (key, tuple(value.shape), value.abs().max().item()))
    torch.save(reference, "efficientnet_b0_taps.pth")


if __name__ == "__main__":
    main()
