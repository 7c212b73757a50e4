"""Text classifier for routing complaints: which department must act, and what the complaint is about.

Public API (used by the routing service and the management commands):

- `Example`, `train()`: train a model from labelled texts (calibration and thresholds included);
- `TextModel`: `load()` / `save()` a model file (safe .npz, hashed features only), `predict()`,
  `predict_proba()`, `recommended_threshold()`, `has_signal()`;
- `Prediction`: top-k departments with probabilities, the category when sure, and `usable`;
- `evaluate()`: an `EvaluationReport` on any labelled texts;
- `read_labelled_csv()`, `current_model_path()`, `ModelFileError`.
"""

from collections.abc import Sequence

from sambat.routing.textmodel.csvdata import mandate_examples, read_labelled_csv
from sambat.routing.textmodel.examples import Example
from sambat.routing.textmodel.metrics import EvaluationReport, report
from sambat.routing.textmodel.model import ModelFileError, Prediction, TextModel
from sambat.routing.textmodel.paths import DEFAULT_MODEL_PATH, current_model_path, model_dir
from sambat.routing.textmodel.train import train


def evaluate(model: TextModel, texts: Sequence[str], labels: Sequence[str]) -> EvaluationReport:
    """How `model` does on labelled texts; labels it does not know count as errors."""
    return report(model.predict_proba(texts), model.labels, list(labels))


__all__ = [
    "DEFAULT_MODEL_PATH",
    "EvaluationReport",
    "Example",
    "ModelFileError",
    "Prediction",
    "TextModel",
    "current_model_path",
    "evaluate",
    "mandate_examples",
    "model_dir",
    "read_labelled_csv",
    "train",
]
