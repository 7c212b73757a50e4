"""Training: features, a class-balanced linear SVM per head, temperature calibration, thresholds.

Why this shape:
- A linear SVM over word + character n-grams is the strongest cheap model for short, noisy text and
  trains on 10k complaints in seconds. Class weights (the square root of "balanced") stop the big
  departments (roads, environment) from swallowing the small ones, which is what macro-F1 and small
  departments feel.
- A class-balanced complement Naive Bayes over the same features is mixed into the SVM's weights
  (scaled to the same spread of scores). Naive Bayes spreads weight over every word of a department's
  vocabulary where the SVM keeps the few that separate the training city's topics, so the mix reads
  complaints about topics the training city rarely had better (topic holdout macro-F1 0.447 -> 0.484).
  The sum of two linear models is one linear model: the file format and the prediction cost do not change.
- SVM scores are not probabilities. One temperature is fitted on out-of-fold scores (k-fold
  cross-validation on the training data) so that softmax(scores / T) is calibrated; the same
  out-of-fold probabilities give the recommended auto-routing thresholds per precision.
- The category head is a second linear model over the same features, trained on the examples that
  have a category; it only answers when its probability passed its own 90 %-precision threshold.
"""

import dataclasses
import hashlib
import math
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from sambat.routing.textmodel.examples import MANDATE, Example
from sambat.routing.textmodel.features import FeatureConfig, Raw, Vocabulary, fit_vocabulary, raw_features, vectorise
from sambat.routing.textmodel.metrics import EvaluationReport, coverage_at_precision, report
from sambat.routing.textmodel.model import TextModel, _Head, softmax

#: Precisions for which the recommended threshold is stored.
PRECISIONS = (0.8, 0.85, 0.9, 0.95, 0.98)
#: The category head answers only above the probability that kept this precision out of fold.
CATEGORY_PRECISION = 0.9
#: ... and never below this: out-of-fold figures come from the training city and flatter the model elsewhere.
CATEGORY_MIN_PROBABILITY = 0.5
SVM_C = 0.5
#: SVM class weights are ("balanced" weight) ** this: 1 is scikit-learn's "balanced".
CLASS_WEIGHT_POWER = 0.5
#: Share of the complement Naive Bayes in the mixed weights (0: SVM only), and its smoothing.
NB_WEIGHT = 0.35
NB_ALPHA = 0.3
FOLDS = 5
#: Mandate lines of a department weigh together at least this fraction of its complaints (each line at
#: most `MANDATE_MAX_WEIGHT`): a department whose complaints in the training city are about a few narrow
#: topics keeps the words of what it does everywhere.
MANDATE_RATIO = 0.5
MANDATE_MAX_WEIGHT = 20.0


def train(
    examples: Sequence[Example],
    *,
    seed: int = 0,
    drop_words: Iterable[str] = (),
    sources: Sequence[str] = (),
    config: FeatureConfig | None = None,
    folds: int = FOLDS,
    trained_at: datetime | None = None,
    workers: int = 2,
) -> TextModel:
    """Train, calibrate and measure a model. `drop_words`: normalised place names to ignore while training.

    `workers` threads run the cross-validation folds. liblinear's shuffling uses one process-wide
    random state, so with more than one thread the fitted temperatures can differ in the fifth
    decimal between runs; `workers=1` makes the whole model reproducible bit for bit.
    Raises ValueError when there are fewer than two departments with examples.
    """
    config = config or FeatureConfig()
    drop = frozenset(drop_words)
    examples = _weigh_mandates([e for e in examples if e.department and e.weight > 0])
    departments = Counter(e.department for e in examples)
    if len(departments) < 2:
        raise ValueError("Training needs examples of at least two departments.")
    raw = [raw_features(e.text, config, drop=drop) for e in examples]
    data = _Data(
        raw=raw,
        y=np.array([e.department for e in examples]),
        weights=np.array([e.weight for e in examples], dtype=np.float64),
        labels=tuple(sorted(departments)),
        categories=_category_targets(examples),
    )

    folds_out = _cross_validate(data, config, seed=seed, folds=folds, workers=workers)
    final = _fit_heads(data, np.arange(len(raw)), config, seed=seed)

    metadata: dict = {
        "n_examples": len(examples),
        "examples_per_department": dict(sorted(departments.items())),
        "sources": list(sources),
        "method": (
            f"normalised Indonesian text (slang, Javanese, typos); hashed word 1-2-grams + char "
            f"{config.char_min}-{config.char_max}-grams, TF-IDF, L2 per block; class-weighted linear SVM "
            f"(C={SVM_C}) mixed with class-balanced complement Naive Bayes ({NB_WEIGHT}); softmax calibrated "
            f"by one temperature on {folds}-fold out-of-fold scores"
        ),
        "metrics": {},
        "thresholds": {},
    }
    temperature = 1.0
    category_temperature = 1.0
    category_threshold = 1.0
    if folds_out is not None:
        scores, tested, cat_scores, cat_tested = folds_out
        truth = np.array([data.labels.index(code) for code in data.y])
        temperature = fit_temperature(scores[tested], truth[tested])
        proba = softmax(scores[tested], temperature)
        metadata["metrics"]["cross_validated"] = summary(report(proba, data.labels, list(data.y[tested])))
        confidence = proba.max(axis=1)
        correct = proba.argmax(axis=1) == truth[tested]
        for precision in PRECISIONS:
            _, threshold = coverage_at_precision(confidence, correct, precision)
            metadata["thresholds"][str(precision)] = None if threshold is None else round(threshold, 4)
        if data.categories is not None and cat_tested.any():
            cat_labels, cat_y = data.categories
            cat_truth = np.array([cat_labels.index(code) if code else -1 for code in cat_y])
            category_temperature = fit_temperature(cat_scores[cat_tested], cat_truth[cat_tested])
            cat_proba = softmax(cat_scores[cat_tested], category_temperature)
            _, found = coverage_at_precision(
                cat_proba.max(axis=1), cat_proba.argmax(axis=1) == cat_truth[cat_tested], CATEGORY_PRECISION
            )
            category_threshold = 1.0 if found is None else round(max(found, CATEGORY_MIN_PROBABILITY), 4)

    coef, intercept = final[0]
    head = _Head(labels=data.labels, coef=coef, intercept=intercept, temperature=temperature)
    category_head = None
    if final[1] is not None and data.categories is not None:
        category_head = _Head(
            labels=data.categories[0], coef=final[1][0], intercept=final[1][1], temperature=category_temperature
        )
    trained_at = trained_at or datetime.now(tz=UTC)
    metadata["trained_at"] = trained_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hashlib.sha256(coef.astype(np.float16).tobytes() + intercept.tobytes()).hexdigest()[:8]
    return TextModel(
        version=f"{trained_at:%Y-%m-%dT%H:%MZ}-{digest}",
        labels=data.labels,
        metadata=metadata,
        config=config,
        vocab=final[2],
        head=head,
        category_head=category_head,
        category_threshold=category_threshold,
    )


def _weigh_mandates(examples: list[Example]) -> list[Example]:
    """Mandate lines weighted against their department's complaints (see `MANDATE_RATIO`)."""
    complaints = Counter(e.department for e in examples if not e.source)
    lines = Counter(e.department for e in examples if e.source == MANDATE)
    return [
        dataclasses.replace(
            e,
            weight=min(
                MANDATE_MAX_WEIGHT, max(e.weight, MANDATE_RATIO * complaints[e.department] / lines[e.department])
            ),
        )
        if e.source == MANDATE
        else e
        for e in examples
    ]


def summary(rep: EvaluationReport) -> dict:
    """The headline figures of a report, for metadata and command output."""
    return {key: getattr(rep, key) for key in ("top1", "top3", "macro_f1", "coverage_at_90", "coverage_at_95", "n")}


@dataclass
class _Data:
    raw: list[Raw]
    y: np.ndarray
    weights: np.ndarray
    labels: tuple[str, ...]
    categories: tuple[tuple[str, ...], np.ndarray] | None  # (category labels, per-example code or "")


def _category_targets(examples: list[Example]) -> tuple[tuple[str, ...], np.ndarray] | None:
    """Category codes with enough examples for a head (others become ""), or None when there are too few."""
    counts = Counter(e.category for e in examples if e.category)
    keep = sorted(code for code, n in counts.items() if n >= FOLDS)
    if len(keep) < 2 or sum(counts[code] for code in keep) < 4 * FOLDS:
        return None
    kept = set(keep)
    return tuple(keep), np.array([e.category if e.category in kept else "" for e in examples])


_Weights = tuple[np.ndarray, np.ndarray]


def _fit_heads(
    data: _Data, rows: np.ndarray, config: FeatureConfig, *, seed: int
) -> tuple[_Weights, _Weights | None, Vocabulary, sp.csr_matrix]:
    """Department head, category head (if any), vocabulary and matrix, trained on `rows`."""
    fold_raw = [data.raw[i] for i in rows]
    vocab = fit_vocabulary(fold_raw)
    matrix = vectorise(fold_raw, vocab, config)
    department = _fit_svm(matrix, data.y[rows], data.weights[rows], data.labels, seed=seed)
    category = None
    if data.categories is not None:
        cat_labels, cat_y = data.categories
        with_category = np.flatnonzero(cat_y[rows] != "")
        if len(set(cat_y[rows][with_category])) >= 2:
            category = _fit_svm(
                matrix[with_category],
                cat_y[rows][with_category],
                data.weights[rows][with_category],
                cat_labels,
                seed=seed,
            )
    return department, category, vocab, matrix


def _fit_svm(
    matrix: sp.csr_matrix, y: np.ndarray, weights: np.ndarray, labels: tuple[str, ...], *, seed: int
) -> _Weights:
    """Coefficients as (n_features, n_labels) in the order of `labels`, and intercepts: the linear SVM,
    mixed with complement Naive Bayes when `NB_WEIGHT` > 0."""
    present = sorted(set(y))
    counts = Counter(y)
    balanced = {code: len(y) / (len(counts) * n) for code, n in counts.items()}
    class_weight = {code: float(w**CLASS_WEIGHT_POWER) for code, w in balanced.items()}
    svm = LinearSVC(C=SVM_C, class_weight=class_weight, random_state=seed, tol=1e-2, max_iter=1000)
    with warnings.catch_warnings():
        # Stopping at max_iter on a few hard classes is fine for ranking; the warning would only worry users.
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(matrix, y, sample_weight=weights)
    coef = np.zeros((matrix.shape[1], len(labels)), dtype=np.float32)
    intercept = np.full(len(labels), -10.0, dtype=np.float32)  # a label absent from this fit is never chosen
    if len(present) == 2:
        # Binary LinearSVC keeps one vector for the second class; the first is its mirror.
        columns = {present[1]: (svm.coef_[0], svm.intercept_[0]), present[0]: (-svm.coef_[0], -svm.intercept_[0])}
    else:
        columns = {code: (svm.coef_[i], svm.intercept_[i]) for i, code in enumerate(svm.classes_)}
    for j, code in enumerate(labels):
        if code in columns:
            coef[:, j], intercept[j] = columns[code]
    if NB_WEIGHT > 0:
        balance = np.array([balanced[code] for code in y])
        coef, intercept = _mix_naive_bayes(matrix, y, weights * balance, labels, coef, intercept)
    return coef, intercept


def _mix_naive_bayes(
    matrix: sp.csr_matrix,
    y: np.ndarray,
    weights: np.ndarray,
    labels: tuple[str, ...],
    coef: np.ndarray,
    intercept: np.ndarray,
) -> _Weights:
    """(1 - NB_WEIGHT) * SVM + NB_WEIGHT * complement Naive Bayes, its log-weights scaled so that its
    training scores spread (around each text's mean) as the SVM's do."""
    nb = ComplementNB(alpha=NB_ALPHA, norm=True)
    nb.fit(matrix, y, sample_weight=weights)
    cols = [labels.index(code) for code in nb.classes_]
    nb_coef = nb.feature_log_prob_.T.astype(np.float32)
    svm_scores = np.asarray(matrix @ coef[:, cols]) + intercept[cols]
    nb_scores = np.asarray(matrix @ nb_coef)

    def spread(scores: np.ndarray) -> float:
        return float((scores - scores.mean(axis=1, keepdims=True)).std())

    scale = spread(svm_scores) / max(spread(nb_scores), 1e-12)
    mixed = coef * (1.0 - NB_WEIGHT)
    mixed[:, cols] += nb_coef * (NB_WEIGHT * scale)
    mixed_intercept = intercept.copy()  # labels absent from this fit keep their -10
    mixed_intercept[cols] *= 1.0 - NB_WEIGHT
    return mixed.astype(np.float32), mixed_intercept.astype(np.float32)


def _cross_validate(
    data: _Data, config: FeatureConfig, *, seed: int, folds: int, workers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Out-of-fold scores and which rows have them, for both heads; None when there is too little data.

    Departments with fewer examples than folds stay in every training fold (and are never held out).
    Folds run on `workers` threads: liblinear releases the GIL.
    """
    y = data.y
    counts = Counter(y)
    splittable = np.array([counts[code] >= folds for code in y])
    if folds < 2 or splittable.sum() < folds * 2 or len(set(y[splittable])) < 2:
        return None
    idx = np.flatnonzero(splittable)
    always = np.flatnonzero(~splittable)
    splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(idx, y[idx]))

    def run(split: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        train_part, test_part = split
        test_idx = idx[test_part]
        (coef, intercept), category, vocab, _ = _fit_heads(
            data, np.concatenate([idx[train_part], always]), config, seed=seed
        )
        test_matrix = vectorise([data.raw[i] for i in test_idx], vocab, config)
        cat_scores = None if category is None else np.asarray(test_matrix @ category[0]) + category[1]
        return test_idx, np.asarray(test_matrix @ coef) + intercept, cat_scores

    scores = np.zeros((len(y), len(data.labels)))
    tested = np.zeros(len(y), dtype=bool)
    n_categories = len(data.categories[0]) if data.categories is not None else 0
    cat_scores = np.zeros((len(y), n_categories))
    cat_tested = np.zeros(len(y), dtype=bool)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for test_idx, fold_scores, fold_cat_scores in pool.map(run, splits):
            scores[test_idx] = fold_scores
            tested[test_idx] = True
            if fold_cat_scores is not None and data.categories is not None:
                cat_scores[test_idx] = fold_cat_scores
                cat_tested[test_idx] = data.categories[1][test_idx] != ""
    return scores, tested, cat_scores, cat_tested


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The T minimising the negative log-likelihood of softmax(scores / T) (golden-section search on log T)."""

    def nll(log_t: float) -> float:
        p = softmax(scores, math.exp(log_t))
        return float(-np.mean(np.log(p[np.arange(len(truth)), truth] + 1e-12)))

    lo, hi = math.log(0.01), math.log(10.0)
    ratio = (math.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = nll(a), nll(b)
    for _ in range(40):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = nll(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = nll(b)
    return round(math.exp((lo + hi) / 2), 5)
