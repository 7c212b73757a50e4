"""API keys of Open311 clients: made at random, stored only as a SHA-256 hash.

A key has 256 random bits, so a plain (fast) hash is enough: nobody can try enough keys to find one, and a
stolen table of hashes does not give the keys back.
"""

import hashlib
import secrets

# Recognisable in logs and by secret scanners; the random part follows.
KEY_MARKER = "sbt311_"
PREFIX_LENGTH = len(KEY_MARKER) + 6


def new_key() -> str:
    return KEY_MARKER + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str:
    """The visible start of a key, so staff can tell which key a client holds without seeing it."""
    return key[:PREFIX_LENGTH]
