#!/usr/bin/python3
"""PyTorch port of DistillDsl's memory bank configs (PatchCore's method), for bench/DistillDsl.Bench --pytorch-port.

Written for the benchmark from the method's description (Roth et al., CVPR 2022, §3.1-3.2) and the plan the C# benchmark
writes, not from the C# code: the same teacher weights and the same inputs, the bank filled, searched and turned into maps
and scores here, as a PyTorch user would write it. The C# side computes the metrics of both from the maps and scores, so
only the method differs, never the metric code.

Usage (the C# benchmark runs it): memory_bank_port.py --work DIR --seed N --threads N
Reads DIR/plan.json, DIR/weights.safetensors (the C# graph's state dict: only its teachers are used) and the input sets
DIR/train.safetensors, DIR/validation.safetensors and DIR/eval-<name>.safetensors ("images": [N, 3, S, S] RGB in [0, 1],
float16); writes DIR/eval-<name>.out.safetensors ("scores" [N], "maps" [N, S, S]) and DIR/port-results.json (seconds).
Runs with Debian's python3-torch 1.13.
"""
import argparse
import glob
import json
import os
import time

import torch
import torch.nn.functional as F

from reference_graphs import DTYPES, ResNetTeacher, downsample, gaussian, pooled_teacher_taps, read_safetensors, write_safetensors

DTYPES.setdefault("F16", __import__("numpy").float16)

CANDIDATES_PER_ROW = 16  # collected features per bank row at most, as the C# fill (its docs: config-reference.md)
PROJECTED = 64           # dimensions of the random projection the greedy coreset measures in
BATCH = 16


class TeacherTaps(torch.nn.Module):
    """A plan teacher's pooled taps for RGB images in [0, 1], with its input normalisation."""

    def __init__(self, plan, distance):
        super().__init__()
        if plan["backbone"] != "resnet18":
            raise SystemExit(f"memory_bank_port: teacher '{plan['name']}' is {plan['backbone']}; the port has ResNet-18 only")
        self.plan = plan
        self.teacher = ResNetTeacher(max(t["index"] for t in plan["taps"]), plan["layer4_blocks"])
        # Per tap: whether the map compares its features channel-normalised (its own feature_norm, else the map's).
        self.normalized = [t["feature_norm"] == "ChannelL2" or distance == "Cosine" for t in plan["taps"]]
        norm = plan["normalization"]
        self.bgr, self.scale = norm["bgr"], norm["scale"]
        self.register_buffer("mean", torch.tensor(norm["mean"]).view(3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(norm["std"]).view(3, 1, 1), persistent=False)

    def forward(self, rgb):
        x = rgb.flip(-3) if self.bgr else rgb
        x = downsample((x * self.scale - self.mean) / self.std, self.plan)
        return pooled_teacher_taps(self.teacher, x, self.plan, {t["name"] for t in self.plan["taps"]})


def batches(images):
    for start in range(0, images.shape[0], BATCH):
        yield images[start:start + BATCH].to(torch.float32)


def rows(features, normalized):
    """[B, C, h, w] -> [B*h*w, C], channel-normalised when the map measures normalised features."""
    flat = features.permute(0, 2, 3, 1).reshape(-1, features.shape[1])
    return F.normalize(flat, p=2, dim=1) if normalized else flat


def greedy_coreset(candidates, size, generator):
    """k-center greedy: each next row is the candidate farthest from every row chosen so far."""
    if candidates.shape[0] <= size:
        return candidates
    points = candidates
    if candidates.shape[1] > PROJECTED:
        points = candidates @ torch.randn(candidates.shape[1], PROJECTED, generator=generator)
    squared = points.pow(2).sum(1)
    chosen = [int(torch.randint(points.shape[0], (1,), generator=generator))]
    nearest = torch.full((points.shape[0],), float("inf"))
    for _ in range(size - 1):
        # |x - c|^2 = |x|^2 - 2 x.c + |c|^2: one matrix-vector product per chosen row.
        c = chosen[-1]
        nearest = torch.minimum(nearest, squared - 2 * (points @ points[c]) + squared[c])
        chosen.append(int(nearest.argmax()))
    return candidates[torch.tensor(chosen)]


def fill_banks(teachers, images, student_plans, generator):
    """Per teacher, per tap: the coreset of the training images' features (a random share when there are too many)."""
    collected = [[[] for _ in t.plan["taps"]] for t in teachers]
    total = images.shape[0]
    for batch in batches(images):
        for ti, teacher in enumerate(teachers):
            for k, features in enumerate(teacher(batch)):
                flat = rows(features, teacher.normalized[k])
                positions = features.shape[2] * features.shape[3]
                share = min(1.0, CANDIDATES_PER_ROW * student_plans[ti]["bank_size"] / (positions * total))
                if share < 1:
                    flat = flat[torch.rand(flat.shape[0], generator=generator) < share]
                collected[ti][k].append(flat)
    banks = []
    for ti, teacher in enumerate(teachers):
        student = student_plans[ti]
        if student["coreset"] not in ("Greedy", "Random"):
            raise SystemExit(f"memory_bank_port: coreset {student['coreset']} is not ported")
        tap_banks = []
        for k in range(len(teacher.plan["taps"])):
            candidates = torch.cat(collected[ti][k])
            if student["coreset"] == "Greedy":
                tap_banks.append(greedy_coreset(candidates, student["bank_size"], generator))
            else:
                keep = torch.randperm(candidates.shape[0], generator=generator)[:student["bank_size"]]
                tap_banks.append(candidates[keep])
        banks.append(tap_banks)
    return banks


def distance_to_bank(features, bank, normalized, distance):
    """[B, C, h, w] -> [B, 1, h, w]: the map's distance between each feature and its nearest bank row."""
    b, _, h, w = features.shape
    flat = rows(features, normalized)
    # In chunks: a batch's positions against the whole bank would hold B·h·w × bank distances at once.
    best = torch.cat([torch.cdist(chunk, bank).argmin(1) for chunk in flat.split(4096)])
    nearest = bank[best]
    if distance == "Cosine":
        d = 1 - F.cosine_similarity(flat, nearest, dim=1)
    elif distance == "SquaredL2":
        d = 0.5 * (flat - nearest).pow(2).sum(1)
    else:
        d = 0.5 * (flat - nearest).norm(dim=1)
    return d.view(b, h, w).unsqueeze(1)


def tap_maps(teachers, banks, batch, spec):
    """Per (teacher, tap), its distance map upsampled to the input size, in plan order."""
    size = batch.shape[-2:]
    mode = "bilinear" if spec["upsample"] == "Bilinear" else "nearest"
    out = []
    for ti, teacher in enumerate(teachers):
        for k, features in enumerate(teacher(batch)):
            m = distance_to_bank(features, banks[ti][k], teacher.normalized[k], spec["distance"])
            if spec["tap_scale"] == "InverseArea":
                m = m / (m.shape[2] * m.shape[3])
            out.append(F.interpolate(m, size=size, mode=mode, align_corners=False if mode == "bilinear" else None))
    return out


def quantiles(values, q):
    """The q-quantiles of a long 1-D tensor (torch.quantile refuses more than 16M elements)."""
    ordered = values.sort().values
    return [float(ordered[min(int(round(p * (ordered.numel() - 1))), ordered.numel() - 1)]) for p in q]


def calibrate(teachers, banks, validation, spec):
    """Per tap (a, b): the normal validation maps' quantiles q_a and q_b, mapped to 0 and 0.1 afterwards."""
    normalize = spec["map_normalize"]
    if normalize["kind"] == "None":
        return None
    if normalize["level"] != "Tap":
        raise SystemExit("memory_bank_port: only per-tap map normalisation is ported")
    per_batch = [tap_maps(teachers, banks, batch, spec) for batch in batches(validation)]
    return [quantiles(torch.cat([maps[k].flatten() for maps in per_batch]), [normalize["q_a"], normalize["q_b"]])
            for k in range(len(per_batch[0]))]


def score_set(teachers, banks, images, spec, score, calibration):
    all_maps, all_scores = [], []
    for batch in batches(images):
        maps = tap_maps(teachers, banks, batch, spec)
        if calibration is not None:
            maps = [(m - a) * 0.1 / max(b - a, 1e-12) for m, (a, b) in zip(maps, calibration)]
        # Taps of a teacher by over_taps, then teachers summed (a memory bank graph has no modulation).
        m, index = 0, 0
        for teacher in teachers:
            count = len(teacher.plan["taps"])
            taps = sum(maps[index:index + count])
            m = m + (taps / count if spec["over_taps"] == "Mean" else taps)
            index += count
        if spec["gaussian_sigma"]:
            m = gaussian(m, spec["gaussian_sigma"])
        flat = m.flatten(1)
        if score["kind"] == "Max":
            s = flat.amax(1)
        elif score["kind"] == "Sum":
            s = flat.sum(1)
        else:
            s = flat.topk(score["k"], dim=1).values.mean(1)
        all_maps.append(m[:, 0])
        all_scores.append(s)
    return torch.cat(all_scores), torch.cat(all_maps)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    with open(os.path.join(args.work, "plan.json")) as f:
        plan = json.load(f)
    spec = plan["anomaly_map"]
    students = [t["student"] for t in plan["teachers"]]
    if any(s["kind"] != "memory_bank" for s in students):
        raise SystemExit("memory_bank_port: every student of the plan must be a memory bank")
    state = read_safetensors(os.path.join(args.work, "weights.safetensors"))
    teachers = []
    for t in plan["teachers"]:
        module = TeacherTaps(t, spec["distance"])
        prefix = t["name"] + ".teacher."
        own = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
        missing, _ = module.teacher.load_state_dict(own, strict=False)
        if missing:
            raise SystemExit(f"memory_bank_port: the C# state dict lacks {missing[:5]} for teacher '{t['name']}'")
        teachers.append(module.eval())

    generator = torch.Generator().manual_seed(args.seed)
    results = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    with torch.inference_mode():
        train = read_safetensors(os.path.join(args.work, "train.safetensors"))["images"]
        start = time.perf_counter()
        banks = fill_banks(teachers, train, students, generator)
        del train
        validation = read_safetensors(os.path.join(args.work, "validation.safetensors"))["images"]
        calibration = calibrate(teachers, banks, validation, spec)
        results["training_seconds"] = time.perf_counter() - start
        for path in sorted(glob.glob(os.path.join(args.work, "eval-*.safetensors"))):
            if path.endswith(".out.safetensors"):
                continue
            images = read_safetensors(path)["images"]
            start = time.perf_counter()
            scores, maps = score_set(teachers, banks, images, spec, plan["score"], calibration)
            name = os.path.basename(path)[len("eval-"):-len(".safetensors")]
            results[f"{name}_ms_per_image"] = (time.perf_counter() - start) * 1000 / images.shape[0]
            write_safetensors(path[:-len(".safetensors")] + ".out.safetensors", {"scores": scores, "maps": maps})
            print(f"memory_bank_port: {name}: {images.shape[0]} images scored", flush=True)
    with open(os.path.join(args.work, "port-results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
