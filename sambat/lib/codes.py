"""Tracking codes: short, unguessable, readable aloud and on SMS (no 0/O, 1/I/L or U to misread)."""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SBT-"
LENGTH = 6


def new_tracking_code() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_tracking_code(raw: str) -> str:
    """Accepts 'sbt 7k3qx9', 'SBT7K3QX9' or '7K3QX9' and returns 'SBT-7K3QX9' (or '' if malformed)."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    # Only a code typed with its prefix is longer than LENGTH; "SBT234" alone is a valid code body.
    if len(cleaned) == LENGTH + 3 and cleaned.startswith("SBT"):
        cleaned = cleaned[3:]
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return PREFIX + cleaned


def new_secret_key() -> str:
    return secrets.token_urlsafe(24)
