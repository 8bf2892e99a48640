# Regenerate metrics_reference.json:
#   cd tests/DistillDsl.Tests/Fixtures/Metrics && /usr/bin/python3 make_metrics_fixture.py
# Debian 12: python3-sklearn 1.2.1, python3-scipy 1.10.1, python3-numpy 1.24.2.
#
# Reference values for Metrics/*.cs on fixed random data:
# - AUROC: sklearn.metrics.roc_auc_score.
# - F1-max and its threshold: sklearn.metrics.precision_recall_curve, F1 = 2PR/(P+R), first maximum (thresholds ascending).
# - AUPRO: the MVTec AD definition computed the slow, literal way, independent of the C# algorithm (one sort and running
#   sums): for every distinct score t (score >= t = anomalous) label each mask's defects with scipy.ndimage.label and a 3x3
#   structure of ones (8-connectivity), PRO(t) = mean over all regions of the flagged fraction, FPR(t) = flagged fraction
#   of all normal pixels; the curve starts at (0, 0); trapezoid rule up to FPR 0.3, the crossing segment interpolated
#   linearly; divided by 0.3.
import json
import numpy as np
from scipy import ndimage
from sklearn.metrics import precision_recall_curve, roc_auc_score

rng = np.random.default_rng(2024)


def f32_list(values):
    # str(np.float32) is the shortest text that reads back as the same float32, in C# too.
    return [float(str(np.float32(v))) for v in np.ravel(values)]


def f1_max(labels, scores):
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))[:-1]  # the last point has no threshold
    best = int(np.argmax(f1))
    return {"f1": float(f1[best]), "threshold": float(thresholds[best]),
            "precision": float(precision[best]), "recall": float(recall[best])}


def aupro_by_threshold_sweep(maps, masks, fpr_limit=0.3):
    structure = np.ones((3, 3), dtype=int)
    regions = []  # (image index, boolean region mask)
    for index, mask in enumerate(masks):
        labelled, count = ndimage.label(mask, structure=structure)
        regions += [(index, labelled == k) for k in range(1, count + 1)]
    normal = ~masks
    fprs, pros = [0.0], [0.0]
    for t in np.unique(maps)[::-1]:
        flagged = maps >= t
        fprs.append(np.sum(flagged & normal) / np.sum(normal))
        pros.append(np.mean([np.sum(flagged[i] & region) / np.sum(region) for i, region in regions]))
    area = 0.0
    for k in range(1, len(fprs)):
        x0, y0, x1, y1 = fprs[k - 1], pros[k - 1], fprs[k], pros[k]
        if x1 > fpr_limit:
            y_limit = y0 + (y1 - y0) * (fpr_limit - x0) / (x1 - x0)
            area += (fpr_limit - x0) * (y_limit + y0) / 2
            break
        area += (x1 - x0) * (y1 + y0) / 2
    return area / fpr_limit


def blob_mask(size, blobs):
    yy, xx = np.mgrid[0:size, 0:size]
    mask = np.zeros((size, size), dtype=bool)
    for cy, cx, r in blobs:
        mask |= (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    return mask


def image_case(name, n, decimals):
    labels = rng.random(n) < 0.4
    labels[:2] = [True, False]
    scores = (rng.normal(size=n) + 1.2 * labels).astype(np.float32)
    if decimals is not None:
        scores = np.round(scores, decimals).astype(np.float32)  # ties
    scores = np.array(f32_list(scores), dtype=np.float32)
    return {"name": name, "scores": f32_list(scores), "labels": [bool(v) for v in labels],
            "auroc": float(roc_auc_score(labels, scores)), "f1Max": f1_max(labels, scores)}


def pixel_case(name, decimals):
    size = 20
    masks = np.stack([
        np.zeros((size, size), dtype=bool),                   # good
        np.zeros((size, size), dtype=bool),                   # good
        blob_mask(size, [(5, 5, 3), (14, 13, 4)]),            # two separate defects
        np.zeros((size, size), dtype=bool),                   # anomalous image whose mask is empty
        blob_mask(size, [(10, 10, 2)]),                       # one small defect
    ])
    # Two single pixels touching only at a corner: one region with 8-connectivity, two with 4-connectivity.
    masks[4, 2, 2] = True
    masks[4, 3, 3] = True
    maps = rng.normal(scale=0.6, size=masks.shape)
    maps += 1.5 * ndimage.gaussian_filter(masks.astype(float), sigma=(0, 1.5, 1.5)) + 0.5 * masks
    if decimals is not None:
        maps = np.round(maps, decimals)  # ties
    maps = np.array(f32_list(maps), dtype=np.float32).reshape(masks.shape)
    flat_labels, flat_scores = masks.ravel(), maps.ravel()
    return {"name": name, "width": size, "height": size,
            "maps": [f32_list(m) for m in maps],
            "masks": ["".join("1" if v else "0" for v in m.ravel()) for m in masks],
            "auroc": float(roc_auc_score(flat_labels, flat_scores)),
            "f1Max": f1_max(flat_labels, flat_scores),
            "aupro": float(aupro_by_threshold_sweep(maps, masks)),
            "regions": int(sum(ndimage.label(m, structure=np.ones((3, 3), dtype=int))[1] for m in masks))}


fixture = {
    "images": [image_case("continuous", 60, None), image_case("ties", 80, 1)],
    "pixels": [pixel_case("continuous", 3), pixel_case("ties", 1)],
}
with open("metrics_reference.json", "w") as file:
    json.dump(fixture, file, separators=(",", ":"))
