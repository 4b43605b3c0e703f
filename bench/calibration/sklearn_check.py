"""Compares leadscore's fitted model with scikit-learn's LogisticRegression on the same rule
features, the same split and the same penalty.

    python sklearn_check.py REPORT.json FEATURES.csv [--tolerance 0.01]

REPORT.json is `leadscore calibrate --format json`; FEATURES.csv is its `--features-out`: one
row per lead with its id, outcome, part (train or holdout), gate (scored, instant or blocked)
and one column per rule. leadscore's penalty is `lambda / 2 * |w|^2` added to the mean log loss
on the rules' own units; scikit-learn's is `|w|^2 / 2` plus `C` times the summed log loss, so
`C = 1 / (lambda * n)` for the `n` training leads that can be MQLs. Holdout AUCs rank blocked
leads last and hand-raisers first, as leadscore does. Exits with status 1 when the two AUCs are
further apart than the tolerance.
"""

import argparse
import csv
import json
import math
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def read_features(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, rows = rows[0], rows[1:]
    rules = header[4:]
    converted = np.array([row[1] == "1" for row in rows])
    part = np.array([row[2] for row in rows])
    gate = np.array([row[3] for row in rows])
    features = np.array([[float(value) for value in row[4:]] for row in rows])
    return rules, converted, part, gate, features


def ranked(scores, gate):
    """Scores as leadscore ranks them: blocked leads last, hand-raisers first."""
    keys = scores.astype(float).copy()
    keys[gate == "blocked"] = -math.inf
    keys[gate == "instant"] = math.inf
    # roc_auc_score wants finite numbers: move the ends just past the scores.
    finite = keys[np.isfinite(keys)]
    span = (finite.max() - finite.min() + 1.0) if finite.size else 1.0
    keys[keys == -math.inf] = (finite.min() if finite.size else 0.0) - span
    keys[keys == math.inf] = (finite.max() if finite.size else 0.0) + span
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("features")
    parser.add_argument("--tolerance", type=float, default=0.01)
    args = parser.parse_args()

    with open(args.report, encoding="utf-8") as handle:
        report = json.load(handle)
    rules, converted, part, gate, features = read_features(args.features)
    fitted = {rule["ruleId"]: rule for rule in report["fitted"]["rules"]}
    columns = [at for at, rule in enumerate(rules) if fitted[rule]["coefficient"] is not None]
    train = (part == "train") & (gate != "blocked")
    holdout = part == "holdout"
    lam = report["fitted"]["lambda"]
    n = int(train.sum())

    model = LogisticRegression(C=1.0 / (lam * n), max_iter=10_000, tol=1e-10)
    model.fit(features[train][:, columns], converted[train])
    ours = np.array([fitted[rules[at]]["coefficient"] for at in columns])
    theirs = model.coef_[0]

    log_odds = model.decision_function(features[:, columns])
    sklearn_auc = roc_auc_score(converted[holdout], ranked(log_odds, gate)[holdout])
    leadscore_auc = report["comparison"]["fitted"]["auc"]["auc"]
    original_auc = report["comparison"]["original"]["auc"]["auc"]
    gap = abs(sklearn_auc - leadscore_auc)

    print(f"model: {report['model']}")
    print(f"training leads that can be MQLs: {n:,}; penalty lambda {lam} (C = {1.0 / (lam * n):.4g})")
    print(f"largest coefficient difference: {np.abs(theirs - ours).max():.2e} (log odds per unit)")
    print(f"holdout AUC, original model:          {original_auc:.4f}")
    print(f"holdout AUC, leadscore fitted points: {leadscore_auc:.4f}")
    print(f"holdout AUC, scikit-learn log odds:   {sklearn_auc:.4f}")
    print(f"difference: {gap:.4f} (tolerance {args.tolerance})")
    if gap > args.tolerance:
        print("FAIL: leadscore's fitted model is further from scikit-learn's than the tolerance", file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
