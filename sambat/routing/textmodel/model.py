"""The routing text model: a linear model over hashed n-grams, stored as plain arrays.

The file is a NumPy ``.npz`` archive read with ``allow_pickle=False``: arrays of numbers plus one
JSON document (as bytes) for the metadata. Nothing in it can run code when loaded, so a model file
from anywhere can be inspected and loaded safely; anything unexpected raises `ModelFileError`.
"""

import json
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sambat.routing.textmodel.features import FeatureConfig, Featuriser, Vocabulary

#: Bumped whenever the meaning of the arrays changes; older or newer files are refused.
FORMAT = "sambat-routing-textmodel"
FORMAT_VERSION = 1

_ARRAYS = ("word_buckets", "word_idf", "char_buckets", "char_idf", "coef", "intercept")
_CATEGORY_ARRAYS = ("category_coef", "category_intercept")


class ModelFileError(Exception):
    """The model file is missing, corrupt, of another format or of an incompatible version."""


@dataclass(frozen=True)
class Prediction:
    """Top-k departments with calibrated probabilities, and the category when the model is sure.

    `usable` is False when the text gave the model nothing to go on (empty, emoji, another
    language): the probabilities are then flat and the complaint belongs in triage.
    """

    departments: list[tuple[str, float]]
    category: tuple[str, float] | None
    usable: bool = True


@dataclass
class _Head:
    """One linear classifier over the shared features: scores = x·coef + intercept, softmax(scores / T)."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (n_features, n_labels), float32 in memory
    intercept: np.ndarray  # (n_labels,)
    temperature: float


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / max(temperature, 1e-6)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_list(scores: list[float], temperature: float) -> list[float]:
    """`softmax()` of one row of scores given as a list."""
    scale = 1.0 / max(temperature, 1e-6)
    top = max(scores)
    e = [math.exp((score - top) * scale) for score in scores]
    total = sum(e)
    return [value / total for value in e]


@dataclass
class TextModel:
    """A trained routing model. Build one with `train()` or `TextModel.load()`."""

    version: str
    labels: tuple[str, ...]
    metadata: dict
    config: FeatureConfig
    vocab: Vocabulary
    head: _Head
    category_head: _Head | None = None
    category_threshold: float = 1.0
    _featuriser: Featuriser = field(init=False, repr=False, compare=False)
    _coef: np.ndarray = field(init=False, repr=False, compare=False)
    _intercept: np.ndarray = field(init=False, repr=False, compare=False)

    # --- prediction ---------------------------------------------------------------------------

    def __post_init__(self) -> None:
        self._featuriser = Featuriser(self.vocab, self.config)
        # Both heads read the same features: one gather of weight rows serves both.
        heads = [self.head] + ([self.category_head] if self.category_head is not None else [])
        self._coef = np.ascontiguousarray(np.concatenate([h.coef for h in heads], axis=1), dtype=np.float32)
        self._intercept = np.concatenate([h.intercept for h in heads]).astype(np.float32)

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray, int]:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        return self._featuriser.vector(text)

    def _scores(self, pos: np.ndarray, val: np.ndarray) -> np.ndarray:
        """Scores of both heads (departments, then categories): one gather of weight rows serves both."""
        # take() copies whole rows several times faster than fancy indexing does.
        return val @ self._coef.take(pos, axis=0) + self._intercept if len(pos) else self._intercept.copy()

    def has_signal(self, text: str) -> bool:
        """Whether the text contains at least one word the model learned from."""
        return self._vector(text)[2] > 0

    def predict(self, text: str, k: int = 3) -> Prediction:
        """Top-`k` departments, best first. Never raises for any string."""
        pos, val, n_words = self._vector(text)
        k = max(1, min(k, len(self.labels)))
        if n_words == 0:
            flat = round(1.0 / len(self.labels), 4)
            return Prediction(departments=[(code, flat) for code in self.labels[:k]], category=None, usable=False)
        # A few dozen numbers: plain Python is faster here than numpy's per-call overhead.
        scores = self._scores(pos, val).tolist()
        n = len(self.labels)
        proba = _softmax_list(scores[:n], self.head.temperature)
        best = sorted(range(n), key=proba.__getitem__, reverse=True)[:k]  # stable: ties keep label order
        departments = [(self.labels[i], proba[i]) for i in best]
        category = None
        if self.category_head is not None:
            cat_proba = _softmax_list(scores[n:], self.category_head.temperature)
            j = max(range(len(cat_proba)), key=cat_proba.__getitem__)
            if cat_proba[j] >= self.category_threshold:
                category = (self.category_head.labels[j], cat_proba[j])
        return Prediction(departments=departments, category=category, usable=True)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Department probabilities, one row per text, columns in the order of `labels`."""
        out = np.empty((len(texts), len(self.labels)), dtype=np.float64)
        for row, text in enumerate(texts):
            pos, val, n_words = self._vector(text)
            if n_words:
                out[row] = softmax(self._scores(pos, val)[None, : len(self.labels)], self.head.temperature)[0]
            else:
                out[row] = 1.0 / len(self.labels)
        return out

    def recommended_threshold(self, precision: float = 0.9) -> float | None:
        """Lowest top-1 probability that kept `precision` on held-out data (None: no threshold did).

        The table covers a few precisions; asking for one in between uses the next stricter one.
        """
        table = {float(key): value for key, value in self.metadata.get("thresholds", {}).items()}
        stricter = sorted(p for p in table if p >= precision - 1e-9)
        if not stricter:
            return None
        return table[stricter[0]]

    # --- file format --------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model as a compressed .npz archive (arrays and JSON only)."""
        meta = dict(self.metadata)
        meta.update(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            version=self.version,
            labels=list(self.labels),
            feature_config=self.config.as_dict(),
            temperature=self.head.temperature,
        )
        arrays: dict[str, np.ndarray] = {
            "word_buckets": self.vocab.word_buckets.astype(np.uint32),
            "word_idf": self.vocab.word_idf.astype(np.float16),
            "char_buckets": self.vocab.char_buckets.astype(np.uint32),
            "char_idf": self.vocab.char_idf.astype(np.float16),
            "coef": self.head.coef.astype(np.float16),
            "intercept": self.head.intercept.astype(np.float32),
        }
        if self.category_head is not None:
            meta["category_labels"] = list(self.category_head.labels)
            meta["category_temperature"] = self.category_head.temperature
            meta["category_threshold"] = self.category_threshold
            arrays["category_coef"] = self.category_head.coef.astype(np.float16)
            arrays["category_intercept"] = self.category_head.intercept.astype(np.float32)
        else:
            meta.pop("category_labels", None)
        meta_bytes = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        arrays["metadata"] = np.frombuffer(meta_bytes, dtype=np.uint8)
        # The same model gives the same bytes: a fixed entry time instead of numpy.savez's "now".
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(arrays):
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(info, "w") as fh:
                    np.lib.format.write_array(fh, np.ascontiguousarray(arrays[name]), allow_pickle=False)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> "TextModel":
        """Read a model file. Raises `ModelFileError` (never unpickles) on any problem."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as archive:
                names = set(archive.files)
                missing = {"metadata", *_ARRAYS} - names
                if missing:
                    raise ModelFileError(f"{path}: not a routing model file (missing {', '.join(sorted(missing))})")
                meta = json.loads(bytes(archive["metadata"]).decode("utf-8"))
                if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                    raise ModelFileError(f"{path}: not a routing model file")
                if meta.get("format_version") != FORMAT_VERSION:
                    raise ModelFileError(
                        f"{path}: model format version {meta.get('format_version')!r} is not supported "
                        f"(this Sambat reads version {FORMAT_VERSION}); retrain with manage.py routing_train"
                    )
                arrays = {name: archive[name] for name in names if name in _ARRAYS + _CATEGORY_ARRAYS}
        except ModelFileError:
            raise
        except FileNotFoundError as exc:
            raise ModelFileError(f"{path}: model file not found") from exc
        except (OSError, ValueError, EOFError, KeyError, TypeError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            raise ModelFileError(f"{path}: unreadable model file ({exc.__class__.__name__}: {exc})") from exc
        try:
            return cls._from_parts(meta, arrays)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{path}: inconsistent model file ({exc})") from exc

    @classmethod
    def _from_parts(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "TextModel":
        labels = tuple(str(code) for code in meta["labels"])
        config = FeatureConfig(**meta["feature_config"])
        vocab = Vocabulary(
            word_buckets=arrays["word_buckets"].astype(np.int64),
            word_idf=arrays["word_idf"].astype(np.float32),
            char_buckets=arrays["char_buckets"].astype(np.int64),
            char_idf=arrays["char_idf"].astype(np.float32),
        )
        for buckets, idf in ((vocab.word_buckets, vocab.word_idf), (vocab.char_buckets, vocab.char_idf)):
            if buckets.ndim != 1 or buckets.shape != idf.shape or np.any(buckets[1:] <= buckets[:-1]):
                raise ValueError("feature tables do not match")
        coef = arrays["coef"].astype(np.float32)
        intercept = arrays["intercept"].astype(np.float32)
        if len(labels) < 2 or coef.shape != (vocab.size, len(labels)) or intercept.shape != (len(labels),):
            raise ValueError("weights do not match the labels and features")
        head = _Head(labels=labels, coef=coef, intercept=intercept, temperature=float(meta["temperature"]))
        category_head = None
        threshold = 1.0
        if "category_labels" in meta and "category_coef" in arrays:
            cat_labels = tuple(str(code) for code in meta["category_labels"])
            cat_coef = arrays["category_coef"].astype(np.float32)
            cat_intercept = arrays["category_intercept"].astype(np.float32)
            if cat_coef.shape != (vocab.size, len(cat_labels)) or cat_intercept.shape != (len(cat_labels),):
                raise ValueError("category weights do not match")
            category_head = _Head(
                labels=cat_labels,
                coef=cat_coef,
                intercept=cat_intercept,
                temperature=float(meta["category_temperature"]),
            )
            threshold = float(meta["category_threshold"])
        metadata = {
            key: value
            for key, value in meta.items()
            if key not in {"labels", "category_labels", "temperature", "category_temperature", "category_threshold"}
        }
        return cls(
            version=str(meta["version"]),
            labels=labels,
            metadata=metadata,
            config=config,
            vocab=vocab,
            head=head,
            category_head=category_head,
            category_threshold=threshold,
        )
