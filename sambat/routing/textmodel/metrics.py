"""How good a routing model is, in the terms a city cares about.

Top-1 accuracy says how often the first suggestion is right; top-3 how often the right department is
among the three a verifier sees in triage; macro-F1 weighs every department the same, so a model that
ignores the small departments cannot hide behind the big ones. Coverage at a precision is the share
of complaints the model could route by itself (its top-1 confidence above a threshold) while that
precision holds among them: the number that decides how much work is left for the verifiers.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass(frozen=True)
class EvaluationReport:
    top1: float
    top3: float
    macro_f1: float
    coverage_at_90: float
    coverage_at_95: float
    n: int
    threshold_at_90: float | None = None
    threshold_at_95: float | None = None
    per_department: dict[str, dict[str, float]] = field(default_factory=dict)
    confusion_pairs: list[tuple[str, str, int]] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["confusion_pairs"] = [list(pair) for pair in self.confusion_pairs]
        return data


def coverage_at_precision(confidence: np.ndarray, correct: np.ndarray, precision: float) -> tuple[float, float | None]:
    """Largest share of items whose confidence is at or above one threshold with that precision among them.

    Returns (coverage, threshold); (0.0, None) when no threshold reaches the precision. Items with equal
    confidence are taken or left together, as a threshold would.
    """
    n = len(confidence)
    if n == 0:
        return 0.0, None
    order = np.argsort(-confidence, kind="stable")
    conf = confidence[order]
    hits = np.cumsum(correct[order].astype(np.float64))
    counts = np.arange(1, n + 1, dtype=np.float64)
    # Only cut where the next confidence is lower (ties stay together).
    cut = np.ones(n, dtype=bool)
    cut[:-1] = conf[:-1] > conf[1:]
    ok = cut & (hits / counts >= precision - 1e-12)
    if not ok.any():
        return 0.0, None
    last = int(np.flatnonzero(ok)[-1])
    return (last + 1) / n, float(conf[last])


def report(proba: np.ndarray, labels: Sequence[str], truth: Sequence[str], *, max_pairs: int = 20) -> EvaluationReport:
    """Evaluate probabilities `proba` (n × len(labels)) against true department codes `truth`.

    A true code the model does not know is simply never predicted: it counts as an error everywhere.
    """
    n = len(truth)
    if n == 0:
        return EvaluationReport(top1=0.0, top3=0.0, macro_f1=0.0, coverage_at_90=0.0, coverage_at_95=0.0, n=0)
    label_index = {code: i for i, code in enumerate(labels)}
    truth_idx = np.array([label_index.get(code, -1) for code in truth])
    order = np.argsort(-proba, axis=1, kind="stable")
    top1_idx = order[:, 0]
    top3 = order[:, :3]
    correct = top1_idx == truth_idx
    in_top3 = (top3 == truth_idx[:, None]).any(axis=1)
    confidence = proba[np.arange(n), top1_idx]
    cov90, thr90 = coverage_at_precision(confidence, correct, 0.90)
    cov95, thr95 = coverage_at_precision(confidence, correct, 0.95)

    predicted = [labels[i] for i in top1_idx]
    per_department: dict[str, dict[str, float]] = {}
    f1_scores = []
    true_counts = Counter(truth)
    pred_counts = Counter(predicted)
    hit_counts = Counter(t for t, p in zip(truth, predicted, strict=True) if t == p)
    for code in sorted(set(truth) | set(predicted)):
        tp = hit_counts[code]
        precision = tp / pred_counts[code] if pred_counts[code] else 0.0
        recall = tp / true_counts[code] if true_counts[code] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1_scores.append(f1)
        per_department[code] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": true_counts[code],
        }
    macro_f1 = float(np.mean(f1_scores)) if f1_scores else 0.0
    pairs = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    confusion = [(t, p, c) for (t, p), c in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))][:max_pairs]
    return EvaluationReport(
        top1=round(float(correct.mean()), 4),
        top3=round(float(in_top3.mean()), 4),
        macro_f1=round(macro_f1, 4),
        coverage_at_90=round(cov90, 4),
        coverage_at_95=round(cov95, 4),
        n=n,
        threshold_at_90=None if thr90 is None else round(thr90, 4),
        threshold_at_95=None if thr95 is None else round(thr95, 4),
        per_department=per_department,
        confusion_pairs=confusion,
    )
