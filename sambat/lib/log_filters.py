"""Logging filters: keep the operators' log about what needs their attention."""

import logging

from django.core.exceptions import PermissionDenied

# Refusals the site gives on purpose: the one-line "Forbidden (Permission denied): /path" says it all.
_EXPECTED = (PermissionDenied,)


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """Drops the traceback of a refusal the site made on purpose (403), keeping the line that records it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], _EXPECTED):
            record.exc_info = None
            record.exc_text = None
        return True
