"""The routing classifier as a running process sees it: loaded lazily, reloaded when a new model lands.

A missing or corrupt model file must never stop the city from receiving complaints: `classify` then
returns None (the complaint goes to the verifiers' triage queue) and the problem is logged at ERROR
level, once per model file, so a monitoring system sees it without every submission flooding the log.
"""

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from sambat.routing.textmodel import ModelFileError, Prediction, TextModel, current_model_path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Slot:
    """What is loaded (or failed to load) for one version of one file."""

    path: Path | None
    mtime_ns: int
    model: TextModel | None


_lock = threading.Lock()
_slot: _Slot | None = None


def _file_version(path: Path | None) -> int:
    if path is None:
        return -1
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def current_model() -> TextModel | None:
    """The model to route with, or None when none can be loaded (already logged)."""
    global _slot  # noqa: PLW0603 - one model per process, swapped atomically when a new file lands
    path = current_model_path()
    version = _file_version(path)
    slot = _slot
    if slot is not None and slot.path == path and slot.mtime_ns == version:
        return slot.model
    with _lock:
        slot = _slot
        if slot is None or slot.path != path or slot.mtime_ns != version:
            slot = _Slot(path=path, mtime_ns=version, model=_load(path))
            _slot = slot
    return slot.model


def _load(path: Path | None) -> TextModel | None:
    if path is None:
        logger.error("routing: no classifier model file found; every complaint without a category goes to triage")
        return None
    try:
        model = TextModel.load(path)
    except ModelFileError as exc:
        logger.error("routing: cannot load classifier model %s (%s); complaints go to triage", path, exc)
        return None
    logger.info("routing: classifier model %s loaded from %s", model.version, path)
    return model


def classify(text: str, *, k: int = 3) -> Prediction | None:
    """Top-`k` departments for `text`, or None when no model is available."""
    model = current_model()
    if model is None:
        return None
    return model.predict(text, k=k)


def current_model_info() -> dict | None:
    """What staff see about the model in use: version, where it came from, its measured figures."""
    model = current_model()
    if model is None:
        return None
    path = current_model_path()
    return {
        "version": model.version,
        "path": str(path) if path else "",
        "is_default": path is not None and path.parent == Path(__file__).resolve().parent / "default_model",
        "labels": list(model.labels),
        "recommended_threshold": model.recommended_threshold(0.9),
        "metadata": model.metadata,
    }
