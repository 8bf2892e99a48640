#!/usr/bin/python3
"""PyTorch port of DistillDsl's graphs, for bench/DistillDsl.Speed (README "Speed").

Written for the benchmark, not copied: it builds, from the plan JSON the C# benchmark writes (the resolved spec of a
graph: taps, pooling, students with their widths and strides, the map and score settings, the teachers' exact input
normalisation), the same modules under the same names as the TorchSharp graph, loads the C# graph's state dict
(safetensors, read here without the safetensors package), and runs inference and training the way PyTorch users would:
model.eval() under torch.inference_mode() for inference (batch norms not folded), model.train() with the teacher in eval
mode and under no_grad for training.

Usage (the C# benchmark runs it): reference_graphs.py --work DIR --threads N --iterations N --train-images N
        --train-batch N --train-rounds N --configs a,b,c --train-configs a,b
Reads DIR/<config>.json, DIR/<config>.safetensors and DIR/input.safetensors ("rgb"); writes DIR/<config>.out.safetensors
(maps and scores of the input, for the C# side to compare) and DIR/python-results.json (latencies and epoch times).
Runs with Debian's python3-torch 1.13 and python3-torchvision 0.14.
"""
import argparse
import collections
import json
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import BasicBlock

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    tensors = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[key] = torch.from_numpy(array.copy())
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for key, t in tensors.items():
        blob = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# ---------------------------------------------------------------- backbones

def resnet_stage(inp, out, blocks, stride):
    downsample = None
    if stride != 1 or inp != out:
        downsample = nn.Sequential(nn.Conv2d(inp, out, 1, stride, bias=False), nn.BatchNorm2d(out))
    layers = [BasicBlock(inp, out, stride, downsample)] + [BasicBlock(out, out) for _ in range(blocks - 1)]
    return nn.Sequential(*layers)


RESNET_TAPS = ["stem", "layer1", "layer2", "layer3", "layer4"]
RESNET_WIDTHS = [64, 64, 128, 256, 512]


def resnet_stages(deepest, layer4_blocks):
    """ResNet-18 up to the deepest tap: stem (conv1, bn1, relu, maxpool), then layerN; torchvision's names."""
    stages = collections.OrderedDict()
    stages["stem"] = nn.Sequential(collections.OrderedDict(
        conv1=nn.Conv2d(3, 64, 7, 2, 3, bias=False), bn1=nn.BatchNorm2d(64), relu=nn.ReLU(inplace=True),
        maxpool=nn.MaxPool2d(3, 2, 1)))
    for i in range(1, deepest + 1):
        blocks = layer4_blocks if i == 4 else 2
        stages[RESNET_TAPS[i]] = resnet_stage(RESNET_WIDTHS[i - 1], RESNET_WIDTHS[i], blocks, 1 if i == 1 else 2)
    return stages


class ResNetTeacher(nn.Module):
    """Parameter names of torchvision's resnet18 (conv1, bn1, layerN), as the C# teacher's state dict has them."""

    def __init__(self, deepest, layer4_blocks):
        super().__init__()
        stages = resnet_stages(deepest, layer4_blocks)
        stem = stages.pop("stem")
        self.conv1, self.bn1 = stem.conv1, stem.bn1
        self.stem_rest = nn.Sequential(nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1))
        for name, stage in stages.items():
            self.add_module(name, stage)
        self.names = ["stem"] + list(stages)

    def forward_taps(self, x, wanted):
        out = {}
        x = self.stem_rest(self.bn1(self.conv1(x)))
        if "stem" in wanted:
            out["stem"] = x
        for name in self.names[1:]:
            x = getattr(self, name)(x)
            if name in wanted:
                out[name] = x
        return out


class EfficientNetTeacher(nn.Module):
    def __init__(self, deepest):
        super().__init__()
        self.features = nn.Sequential(*list(torchvision.models.efficientnet_b0().features.children())[:deepest + 1])

    def forward_taps(self, x, wanted_indices):
        out = {}
        for i, block in enumerate(self.features):
            x = block(x)
            if i in wanted_indices:
                out[wanted_indices[i]] = x
        return out


EFFNET_TAPS = ["stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "head"]


class StagedStudent(nn.Module):
    """Named stages run in order; returns the outputs of the wanted ones (as the C# StagedStudent)."""

    def __init__(self, stages, outputs):
        super().__init__()
        for name, stage in stages.items():
            self.add_module(name, stage)
        self.names = list(stages)
        self.outputs = [n for n in self.names if n in outputs]

    def forward(self, x):
        out = {}
        for name in self.names:
            x = getattr(self, name)(x)
            if name in self.outputs:
                out[name] = x
            if len(out) == len(self.outputs):
                break
        return out


def conv_bn_relu(inp, out, kernel, stride):
    return nn.Sequential(collections.OrderedDict(
        conv=nn.Conv2d(inp, out, kernel, stride, (kernel - 1) // 2, bias=False), bn=nn.BatchNorm2d(out), relu=nn.ReLU(inplace=True)))


def build_student(teacher_plan, deepest):
    student = teacher_plan["student"]
    taps = [t["name"] for t in teacher_plan["taps"]]
    if student["kind"] == "mirror":
        if teacher_plan["backbone"] == "resnet18":
            stages = resnet_stages(deepest, teacher_plan["layer4_blocks"])
        else:
            features = torchvision.models.efficientnet_b0().features
            stages = collections.OrderedDict((EFFNET_TAPS[i], features[i]) for i in range(deepest + 1))
        return StagedStudent(stages, taps)
    if student["kind"] == "reduced_resnet":
        width = student["stem_channels"]
        stages = resnet_stages(0, 2)
        for stage in student["stages"]:
            blocks = []
            for b in range(stage["blocks"]):
                inp = width if b == 0 else stage["width"]
                stride = stage["stride"] if b == 0 else 1
                if student["block"] == "Conv":
                    blocks.append(conv_bn_relu(inp, stage["width"], 3, stride))
                else:
                    blocks.append(resnet_stage(inp, stage["width"], 1, stride)[0])
            stages[stage["name"]] = nn.Sequential(*blocks)
            width = stage["width"]
        outputs = (["stem"] if student["stem_tap"] else []) + [s["name"] for s in student["stages"] if s["name"] in taps]
        return StagedStudent(stages, outputs)
    if student["kind"] == "light":
        stages, width = collections.OrderedDict(), 3
        for stage in student["stages"]:
            stages[stage["name"]] = conv_bn_relu(width, stage["width"], student["kernel"], stage["stride"])
            width = stage["width"]
        return StagedStudent(stages, taps)
    raise ValueError(student["kind"])


# ---------------------------------------------------------------- graph

class Branch(nn.Module):
    def __init__(self, plan):
        super().__init__()
        self.plan = plan
        deepest = max(t["index"] for t in plan["taps"])
        if plan["backbone"] == "resnet18":
            self.teacher = ResNetTeacher(deepest, plan["layer4_blocks"])
            self.wanted = {t["name"] for t in plan["taps"]}
        else:
            self.teacher = EfficientNetTeacher(deepest)
            self.wanted = {t["index"]: t["name"] for t in plan["taps"]}
        self.student = build_student(plan, deepest)
        norm = plan["normalization"]
        self.bgr, self.scale = norm["bgr"], norm["scale"]
        self.register_buffer("mean", torch.tensor(norm["mean"]).view(3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(norm["std"]).view(3, 1, 1), persistent=False)

    def train(self, mode=True):
        super().train(mode)
        self.teacher.eval()
        return self

    def features(self, rgb):
        x = rgb.flip(-3) if self.bgr else rgb
        x = downsample((x * self.scale - self.mean) / self.std, self.plan)
        with torch.no_grad():
            pooled = pooled_teacher_taps(self.teacher, x, self.plan, self.wanted)
        student = self.student(x)
        return [(t, p, student[t["name"]]) for t, p in zip(self.plan["taps"], pooled)]


def downsample(x, plan):
    """A plan teacher's (and its student's) normalised input averaged over downsample × downsample blocks."""
    k = plan.get("downsample", 1)
    return F.avg_pool2d(x, k) if k > 1 else x


def pooled_teacher_taps(teacher, x, plan, wanted):
    """A plan teacher's taps for its normalised input x, in plan order: the input mirrored out by the plan's
    reflect_border, each tap cropped back to the image's extent (border / stride positions per side), then pooled. The
    image tap is that input itself."""
    border = plan.get("reflect_border", 0)
    x = F.pad(x, [border] * 4, mode="reflect") if border else x
    layers = [t for t in plan["taps"] if t["name"] != "image"]
    taps = teacher.forward_taps(x, wanted) if layers else {}
    pooled = []
    for t in plan["taps"]:
        f, cut = x if t["name"] == "image" else taps[t["name"]], border // t["stride"]
        if cut:
            f = f[:, :, cut:f.shape[2] - cut, cut:f.shape[3] - cut]
        pooled.append(tap_pooling(f, t))
    return pooled


def tap_pooling(x, tap):
    pool = tap["pool"]
    if pool and pool["kind"] == "avg":
        x = F.avg_pool2d(x, pool["kernel"], pool["stride"], pool.get("padding", 0), count_include_pad=False)
    elif pool:
        x = F.adaptive_avg_pool2d(x, (pool["height"], pool["width"]))
    if tap["channel_pool"]:
        b, c, h, w = x.shape
        x = x.reshape(b, tap["channel_pool"], c // tap["channel_pool"], h, w).mean(2)
    if tap.get("center", "None") == "ImageMean":
        x = x - x.mean((2, 3), keepdim=True)
    return x


def per_pixel(t, s, kind):
    d = F.normalize(t, p=2, dim=1) - F.normalize(s, p=2, dim=1)
    if kind == "L2":
        return 0.5 * torch.linalg.vector_norm(d, 2, dim=1, keepdim=True)
    return 0.5 * d.pow(2).sum(1, keepdim=True)


def combine(maps, how):
    out = maps[0].clone()
    for m in maps[1:]:
        out = out + m if how == "Sum" else out * m
    return out


def extent(m):
    flat = m.flatten(1)
    return (flat.amax(1) - flat.amin(1)).view(-1, 1, 1, 1)


def gaussian(m, sigma):
    size = 2 * int(4.0 * sigma + 0.5) + 1
    radius = size // 2
    x = torch.arange(size, dtype=torch.float32) - radius
    k = torch.exp(-(x * x) / (2 * sigma * sigma))
    k = k / k.sum()
    mode = "reflect" if m.shape[-1] > radius and m.shape[-2] > radius else "replicate"
    p = F.pad(m, [radius] * 4, mode=mode)
    return F.conv2d(F.conv2d(p, k.view(1, 1, 1, size)), k.view(1, 1, size, 1))


class Graph(nn.Module):
    def __init__(self, plan):
        super().__init__()
        self.plan = plan
        for t in plan["teachers"]:
            self.add_module(t["name"], Branch(t))
        self.names = [t["name"] for t in plan["teachers"]]

    def branches(self):
        return [(n, getattr(self, n)) for n in self.names]

    def anomaly_map(self, rgb):
        spec = self.plan["anomaly_map"]
        size = rgb.shape[-2:]
        maps = {}
        for name, branch in self.branches():
            taps = []
            for tap, t, s in branch.features(rgb):
                m = per_pixel(t, s, spec["distance"])
                if spec["tap_scale"] == "InverseArea":
                    m = m / (m.shape[2] * m.shape[3])
                mode = "bilinear" if spec["upsample"] == "Bilinear" else "nearest"
                taps.append(F.interpolate(m, size=size, mode=mode, align_corners=False if mode == "bilinear" else None))
            maps[name] = combine(taps, spec["over_taps"])
        if spec["combine"] == "Modulate":
            a, b = maps[spec["modulated"]], maps[spec["modulating"]]
            if spec["normalize"] == "MinMax":
                normalized = (b - b.flatten(1).amin(1).view(-1, 1, 1, 1)) / extent(b).clamp_min(1e-12)
            else:
                normalized = F.normalize(b, p=2, dim=2, eps=1e-12)
            m = a * extent(b) * normalized
        else:
            m = combine([maps[n] for n in self.names], spec["combine"])
        if spec["gaussian_sigma"]:
            m = gaussian(m, spec["gaussian_sigma"])
        return m

    def score(self, maps):
        score = self.plan["score"]
        flat = maps.flatten(1)
        if score["kind"] == "Sum":
            return flat.sum(1)
        if score["kind"] == "Max":
            return flat.amax(1)
        return flat.topk(score["k"], dim=1).values.mean(1)

    def loss(self, rgb):
        spec = self.plan["loss"]
        total = 0
        for name, branch in self.branches():
            losses = [t["weight"] * per_pixel(tt, s, spec["distance"]).mean() for t, tt, s in branch.features(rgb)]
            teacher_loss = sum(losses) / (len(losses) if spec["over_taps"] == "Mean" else 1)
            total = total + branch.plan["alpha"] * teacher_loss
        return total


def load_graph(work, name):
    with open(f"{work}/{name}.json") as f:
        plan = json.load(f)
    graph = Graph(plan)
    state = read_safetensors(f"{work}/{name}.safetensors")
    missing, _ = graph.load_state_dict(state, strict=False)
    if missing:
        raise SystemExit(f"{name}: the C# state dict lacks {missing[:5]}... (the port's module names differ)")
    return graph.eval()


def best_ms(call, iterations, warmup=2):
    """Best wall time of the timed calls, as the C# side reports (other load on the machine only ever adds time)."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.min(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--configs", required=True)
    parser.add_argument("--train-configs", default="")
    parser.add_argument("--train-images", type=int, default=32)
    parser.add_argument("--train-batch", type=int, default=8)
    parser.add_argument("--train-rounds", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rgb_check = read_safetensors(f"{args.work}/input.safetensors")["rgb"]
    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "configs": {}}
    for name in args.configs.split(","):
        graph = load_graph(args.work, name)
        size = graph.plan["size"]
        row = {}
        with torch.inference_mode():
            maps = graph.anomaly_map(rgb_check)
            write_safetensors(f"{args.work}/{name}.out.safetensors", {"maps": maps, "scores": graph.score(maps)})
            for batch, iterations in ((1, args.iterations), (16, max(3, args.iterations // 4))):
                rgb = torch.rand(batch, 3, size, size)
                row[f"b{batch}"] = best_ms(lambda: graph.score(graph.anomaly_map(rgb)).sum().item(), iterations)
        if name in args.train_configs.split(","):
            row["train_epoch_s"] = train_epoch(graph, args.train_images, args.train_batch, size, args.train_rounds, False)
            # Channels-last as a PyTorch user could ask for it (not the default): shown beside, not used for the ratio.
            row["train_epoch_cl_s"] = train_epoch(load_graph(args.work, name), args.train_images, args.train_batch, size, args.train_rounds, True)
        results["configs"][name] = row
        print(f"python {name}: {row}", flush=True)
    with open(f"{args.work}/python-results.json", "w") as f:
        json.dump(results, f, indent=1)


def train_epoch(graph, images, batch, size, rounds, channels_last):
    """Best seconds of `rounds` epochs of `images` in-memory images, after one untimed warm-up epoch: forward, loss, backward
    and optimiser step per batch; the config's optimiser without its schedule. channels_last: model and input in that
    memory format."""
    opt = graph.plan["optimizer"]
    params = [p for _, b in graph.branches() for p in b.student.parameters()]
    if opt["kind"] == "Sgd":
        optimizer = torch.optim.SGD(params, opt["lr"], momentum=opt["momentum"], weight_decay=opt["weight_decay"])
    else:
        optimizer = torch.optim.Adam(params, opt["lr"], betas=(opt["beta1"], opt["beta2"]), weight_decay=opt["weight_decay"])
    if channels_last:
        graph = graph.to(memory_format=torch.channels_last)
    graph.train()
    data = torch.rand(images // batch, batch, 3, size, size)

    def epoch():
        for i in range(images // batch):
            x = data[i].contiguous(memory_format=torch.channels_last) if channels_last else data[i]
            optimizer.zero_grad()
            loss = graph.loss(x)
            loss.backward()
            optimizer.step()
            loss.item()

    epoch()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - start)
    graph.eval()
    return min(times)


if __name__ == "__main__":
    main()
