"""Text hygiene for what citizens type: keep their words, drop what only breaks things."""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Strip control characters (NUL breaks PostgreSQL) and surrounding whitespace; normalise newlines.

    HTML is kept as typed and escaped on output, so a citizen's '<' survives and no script ever runs.
    """
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
