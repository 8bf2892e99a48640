# Regenerate roc_auc_sklearn.json: /usr/bin/python3 make_roc_auc_fixture.py  (Debian 12 python3-sklearn 1.2.1)
import json
import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(7)
cases = []
for n, ties in [(20, False), (200, True), (1000, False)]:
    labels = rng.random(n) < 0.3
    labels[0] = True
    labels[1] = False
    scores = rng.normal(size=n) + labels * 0.8
    if ties:
        scores = np.round(scores, 1)  # many tied scores
    scores = scores.astype(np.float32)
    cases.append({"scores": [float(s) for s in scores], "labels": [bool(l) for l in labels],
                  "auroc": float(roc_auc_score(labels, scores))})
json.dump(cases, open("roc_auc_sklearn.json", "w"))
