"""Where model files live: the city's own trained models, else the model shipped with Sambat."""

from pathlib import Path

from django.conf import settings

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "default_model" / "model.npz"


def model_dir() -> Path:
    """settings.ROUTING_MODEL_DIR (default BASE_DIR/var/routing): where routing_train writes models."""
    configured = getattr(settings, "ROUTING_MODEL_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "routing"


def current_model_path() -> Path:
    """The newest routing-*.npz in the model directory, else the shipped default model.

    Newest by name: names carry the training time (routing-<UTC time>-<hash>.npz), which, unlike file
    times, survives copying and backups.
    """
    directory = model_dir()
    if directory.is_dir():
        candidates = sorted(p for p in directory.glob("routing-*.npz") if p.is_file())
        if candidates:
            return candidates[-1]
    return DEFAULT_MODEL_PATH
