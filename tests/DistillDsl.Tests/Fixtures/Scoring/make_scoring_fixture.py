# Regenerate scoring_reference.json:
#   cd tests/DistillDsl.Tests/Fixtures/Scoring && /usr/bin/python3 make_scoring_fixture.py
# Debian 12: python3-torch 1.13.1. No DistillDsl code is used; each formula is written from its source:
# - feature distances (Scoring/FeatureDistance.cs): d = 1/2 ||n(T) - n(S)||_2 or its square over channels, n = F.normalize
#   (channel_l2) or the identity (none);
# - the hard feature loss of EfficientAD (Batzner et al., 2024, efficientad.py):
#   d_hard = torch.quantile(distance, q); loss_hard = torch.mean(distance[distance >= d_hard]), on the per-pixel distances;
#   with the gradient of that loss with respect to the student features;
# - EfficientAD's map normalisation (map_normalization in efficientad.py): q_a, q_b = torch.quantile over all pixels of
#   the maps of the normal validation images; normalised = 0.1 * (m - q_a) / (q_b - q_a); here per tap, on each tap's
#   map upsampled bilinearly (align_corners False) to the image size, then summed over taps and scored by max and top-k mean;
# - color jitter as torchvision 0.14's functional_tensor does it (adjust_brightness, adjust_contrast, adjust_saturation
#   via _blend and rgb_to_grayscale), with given factors, in that order.
import json
import torch
import torch.nn.functional as F

torch.manual_seed(11)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def distance(t, s, kind, norm):
    if norm == "channel_l2":
        t, s = F.normalize(t, p=2, dim=1), F.normalize(s, p=2, dim=1)
    diff = t - s
    if kind == "l2":
        return 0.5 * torch.linalg.vector_norm(diff, 2, dim=1, keepdim=True)
    return 0.5 * diff.square().sum(1, keepdim=True)


out = {}

# ---- distances and hard loss -------------------------------------------------------------------
teacher = torch.randn(2, 6, 5, 7)
student = torch.randn(2, 6, 5, 7)
out["features"] = {"shape": list(teacher.shape), "teacher": flat(teacher), "student": flat(student)}
cases = []
for kind in ["l2", "squared_l2"]:
    for norm in ["channel_l2", "none"]:
        for q in [None, 0.9, 0.999]:
            s = student.clone().requires_grad_()
            d = distance(teacher, s, kind, norm)
            if q is None:
                loss = d.mean()
            else:
                d_hard = torch.quantile(d.detach(), q)
                loss = torch.mean(d[d >= d_hard])
            loss.backward()
            cases.append({"distance": kind, "feature_norm": norm, "hard_quantile": q,
                          "distances": flat(d), "loss": float(loss), "student_grad": flat(s.grad)})
out["loss_cases"] = cases

# ---- torch.quantile -------------------------------------------------------------------------------
values = torch.rand(37) * 3 - 1
out["quantile"] = {"values": flat(values),
                   "cases": [{"q": q, "value": float(torch.quantile(values, q))} for q in [0.0, 0.1, 0.5, 0.9, 0.995, 1.0]]}

# ---- map normalisation per tap ---------------------------------------------------------------------
size = 16
taps = [(8, 8, 8), (4, 4, 12)]  # (h, w, channels) of two taps
def tap_maps(n):
    feats = []
    maps = []
    for (h, w, c) in taps:
        t = torch.randn(n, c, h, w)
        s = t + 0.3 * torch.randn(n, c, h, w)
        feats.append((t, s))
        m = distance(t, s, "squared_l2", "channel_l2")
        maps.append(F.interpolate(m, size=(size, size), mode="bilinear", align_corners=False))
    return feats, maps
val_feats, val_maps = tap_maps(5)
test_feats, test_maps = tap_maps(3)
q_a, q_b = 0.9, 0.995
quantiles = [(float(torch.quantile(m, q_a)), float(torch.quantile(m, q_b))) for m in val_maps]
normalised = [0.1 * (m - a) / (b - a) for m, (a, b) in zip(test_maps, quantiles)]
combined = normalised[0] + normalised[1]
out["map_normalization"] = {
    "size": size, "q_a": q_a, "q_b": q_b,
    "taps": [{"height": h, "width": w, "channels": c} for (h, w, c) in taps],
    "validation": [{"teacher": flat(t), "student": flat(s)} for (t, s) in val_feats],
    "validation_images": 5,
    "test": [{"teacher": flat(t), "student": flat(s)} for (t, s) in test_feats],
    "test_images": 3,
    "quantiles": [{"a": a, "b": b} for (a, b) in quantiles],
    "combined": flat(combined),
    "max_scores": flat(combined.flatten(1).amax(1)),
    "top10_scores": flat(combined.flatten(1).topk(10, dim=1).values.mean(1)),
}

# ---- color jitter (torchvision 0.14 functional_tensor) -----------------------------------------------
def blend(img1, img2, ratio):
    return (ratio * img1 + (1.0 - ratio) * img2).clamp(0, 1.0)
def gray(img):
    r, g, b = img.unbind(dim=-3)
    return (0.2989 * r + 0.587 * g + 0.114 * b).unsqueeze(dim=-3)
def jitter(img, brightness, contrast, saturation):
    img = blend(img, torch.zeros_like(img), brightness)
    mean = torch.mean(gray(img), dim=(-3, -2, -1), keepdim=True)
    img = blend(img, mean, contrast)
    img = blend(img, gray(img), saturation)
    return img
images = torch.rand(2, 3, 4, 4)
factors = [(1.1, 0.95, 1.05), (0.9, 1.08, 0.93)]
jittered = torch.cat([jitter(images[i:i + 1], *factors[i]) for i in range(2)])
out["color_jitter"] = {"images": flat(images), "factors": [list(f) for f in factors], "jittered": flat(jittered)}

with open("scoring_reference.json", "w") as f:
    json.dump(out, f)
    f.write("\n")
