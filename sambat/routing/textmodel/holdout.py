"""Held-out evaluations of the training recipe: how it does on data it has not seen, by kind of shift.

- random: a stratified 20 % split (the optimistic, same-city figure);
- time: train on one period, test on a later one (the city's complaints drift);
- topic: whole topics held out in turn (GroupKFold), the hardest: the model must route complaints
  about things it was never shown, as it will in a city with other habits.

Holdout models skip the inner cross-validation (it only sets the temperature and thresholds) and
borrow the temperature of the full model, so the figures are cheap and the coverage numbers use
probabilities on the same scale as the shipped model.
"""

from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedShuffleSplit

from sambat.routing.textmodel.examples import Example
from sambat.routing.textmodel.metrics import EvaluationReport, report
from sambat.routing.textmodel.train import train


def _fit_and_score(
    train_set: list[Example],
    test_set: list[Example],
    labels: tuple[str, ...],
    *,
    drop: frozenset[str],
    temperature: float,
) -> np.ndarray:
    model = train(train_set, drop_words=drop, folds=0)
    model.head.temperature = temperature
    proba = model.predict_proba([e.text for e in test_set])
    out = np.zeros((len(test_set), len(labels)))
    for j, code in enumerate(model.labels):
        out[:, labels.index(code)] = proba[:, j]
    return out


def random_holdout(
    examples: Sequence[Example], *, drop: frozenset[str], temperature: float, seed: int = 0
) -> EvaluationReport:
    labels = tuple(sorted({e.department for e in examples}))
    y = [e.department for e in examples]
    train_idx, test_idx = next(StratifiedShuffleSplit(1, test_size=0.2, random_state=seed).split(y, y))
    test_set = [examples[i] for i in test_idx]
    proba = _fit_and_score([examples[i] for i in train_idx], test_set, labels, drop=drop, temperature=temperature)
    return report(proba, labels, [e.department for e in test_set])


def split_holdout(
    train_set: list[Example], test_set: list[Example], *, drop: frozenset[str], temperature: float
) -> EvaluationReport:
    labels = tuple(sorted({e.department for e in train_set}))
    proba = _fit_and_score(train_set, test_set, labels, drop=drop, temperature=temperature)
    return report(proba, labels, [e.department for e in test_set])


def group_holdout(
    examples: Sequence[Example],
    groups: Sequence[str],
    *,
    drop: frozenset[str],
    temperature: float,
    extra_training: Sequence[Example] = (),
    folds: int = 5,
) -> EvaluationReport:
    """Every group held out once; `extra_training` (e.g. mandates) joins every training fold."""
    labels = tuple(sorted({e.department for e in examples} | {e.department for e in extra_training}))
    proba = np.zeros((len(examples), len(labels)))
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(examples, groups=groups):
        training = [examples[i] for i in train_idx] + list(extra_training)
        test_set = [examples[i] for i in test_idx]
        proba[test_idx] = _fit_and_score(training, test_set, labels, drop=drop, temperature=temperature)
    return report(proba, labels, [e.department for e in examples])
