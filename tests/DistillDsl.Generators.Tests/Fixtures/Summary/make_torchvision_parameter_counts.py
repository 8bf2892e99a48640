"""Writes torchvision_parameter_counts.json: trainable parameter counts (conv and linear weights and biases,
batch-norm weight and bias; running statistics are buffers and not counted) of
  - torchvision's resnet18 stages (stem = conv1 + bn1, layer1..layer4),
  - torchvision's efficientnet_b0 features.0..features.8 (named by the catalog taps: stem, stage1..stage7, head),
  - torchvision BasicBlocks with and without the 1×1 projection,
  - the students of the shipped configs, built here from torch modules as docs/config-reference.md describes them.
The architecture-summary tests compare DistillDsl.Spec.Summary's arithmetic with these numbers.

Made once with Debian's python3-torch 1.13 / python3-torchvision 0.14:
    /usr/bin/python3 make_torchvision_parameter_counts.py
The entry "reverse_distillation/resnet" was added later without torch at hand (this script was not run for it): its
number is the script's arithmetic done by hand, and CompiledConfigTests checks the summary against the TorchSharp modules.
"""
import json
import os

import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock


def count(module):
    return sum(p.numel() for p in module.parameters())


def resnet_stem():
    return nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))


def conv_bn(cin, cout, kernel, stride):
    """The reduced student's 'conv' block and the light student's block: conv without bias + batch norm + ReLU."""
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


def basic_block(cin, cout, stride):
    """torchvision's BasicBlock, with the 1×1 projection + BN when the stride or the channels change."""
    downsample = None
    if stride != 1 or cin != cout:
        downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
    return BasicBlock(cin, cout, stride, downsample)


def reduced_conv_student(stages):
    """stages: (out_channels, blocks, stride) per stage after the ResNet-18 stem."""
    layers, cin = [resnet_stem()], 64
    for cout, blocks, stride in stages:
        for b in range(blocks):
            layers.append(conv_bn(cin, cout, 3, stride if b == 0 else 1))
            cin = cout
    return nn.Sequential(*layers)


def reduced_basic_student(stages):
    layers, cin = [resnet_stem()], 64
    for cout, blocks, stride in stages:
        for b in range(blocks):
            layers.append(basic_block(cin, cout, stride if b == 0 else 1))
            cin = cout
    return nn.Sequential(*layers)


def light_student(blocks, kernel=3):
    """blocks: (out_channels, stride_step) per catalog block, from the first up to the deepest tap."""
    layers, cin = [], 3
    for cout, step in blocks:
        layers.append(conv_bn(cin, cout, kernel, step))
        cin = cout
    return nn.Sequential(*layers)


resnet = torchvision.models.resnet18()
effnet = torchvision.models.efficientnet_b0()
resnet_stages = {
    "stem": count(resnet.conv1) + count(resnet.bn1),
    "layer1": count(resnet.layer1),
    "layer2": count(resnet.layer2),
    "layer3": count(resnet.layer3),
    "layer4": count(resnet.layer4),
}
effnet_taps = ["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "head"]
effnet_stages = {tap: count(effnet.features[i]) for i, tap in enumerate(effnet_taps)}


class UpsamplingBlock(nn.Module):
    """Reverse Distillation's first decoder block: a BasicBlock whose strided 3×3 conv is a 2×2 stride-2 transposed conv,
    with a transposed-conv + BN shortcut."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.ConvTranspose2d(cin, cout, 2, 2, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.upsample = nn.Sequential(nn.ConvTranspose2d(cin, cout, 2, 2, bias=False), nn.BatchNorm2d(cout))


def reverse_distillation_student(taps, bottleneck_blocks, decoder_blocks):
    """taps: channels of the tapped ResNet-18 stages in encoder order (consecutive), then the next stage's channels.
    One-class bottleneck: per tap above the deepest, strided 3×3 conv + BN + ReLU to each next stage's channels; the
    residual stage on the concatenation; decoder: per stage from the deepest down, an upsampling block and BasicBlocks."""
    *tapped, nxt = taps
    layers = []
    for i in range(len(tapped) - 1):
        for j in range(i, len(tapped) - 1):
            layers.append(conv_bn(tapped[j], tapped[j + 1], 3, 2))
    cin = len(tapped) * tapped[-1]
    for b in range(bottleneck_blocks):
        layers.append(basic_block(cin, nxt, 2 if b == 0 else 1))
        cin = nxt
    for cout in reversed(tapped):
        layers.append(UpsamplingBlock(cin, cout))
        for _ in range(decoder_blocks - 1):
            layers.append(basic_block(cout, cout, 1))
        cin = cout
    return nn.Sequential(*layers)


def resnet_prefix(deepest):
    names = list(resnet_stages)
    return sum(resnet_stages[n] for n in names[: names.index(deepest) + 1])


def effnet_prefix(deepest):
    return sum(effnet_stages[n] for n in effnet_taps[: effnet_taps.index(deepest) + 1])


counts = {
    "resnet18": resnet_stages,
    "efficientnet_b0": effnet_stages,
    "basic_block": {
        "64_to_64_stride_1": count(basic_block(64, 64, 1)),
        "64_to_64_stride_2": count(basic_block(64, 64, 2)),
        "64_to_128_stride_2": count(basic_block(64, 128, 2)),
    },
    # Whole students of the shipped configs: "<config>/<teacher>".
    "students": {
        "layers_1_2/resnet": resnet_prefix("layer2"),
        "layers_2_3/resnet": resnet_prefix("layer3"),
        "stpm/resnet": resnet_prefix("layer3"),
        # A memory bank (PatchCore's memory): its rows are buffers, nothing trains.
        "texture_best/full": 0,
        "texture_best/half": 0,
        "reduced_student_paper/resnet": count(reduced_conv_student([(32, 2, 2), (64, 2, 2), (128, 2, 2)])),
        "reduced_student_code/resnet": count(reduced_basic_student([(64, 1, 2), (128, 1, 2)])),
        "mixed_teacher_paper/resnet": count(reduced_conv_student([(32, 2, 2), (64, 2, 2)])),
        "mixed_teacher_paper/effnet": count(light_student([(32, 2), (16, 1), (24, 2), (40, 2), (80, 2), (112, 1), (192, 2)])),
        "mixed_teacher_code/resnet": count(reduced_basic_student([(64, 1, 2), (128, 1, 2)])),
        "mixed_teacher_code/effnet": effnet_prefix("stage7"),
        "reverse_distillation/resnet": count(reverse_distillation_student([64, 128, 256, 512], 2, 2)),
    },
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torchvision_parameter_counts.json")
with open(path, "w") as f:
    json.dump(counts, f, indent=2)
    f.write("\n")
print(json.dumps(counts, indent=2))
