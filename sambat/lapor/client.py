"""The HTTP client for SP4N-LAPOR!'s REST+JSON API (the contract is in docs/lapor.md), on the standard library only.

Every failure is one of two kinds, because the worker treats them differently:

- `LaporUnavailable`: LAPOR! was not reached or gave no usable answer (refused connection, timeout, lost answer,
  5xx, 429, a refused token). The request may or may not have been applied; it is retried later with the same
  `Idempotency-Key`, which LAPOR! uses to answer a repeat with its first answer.
- `LaporRejected`: LAPOR! answered that the request itself is wrong (400, 404, 409, 422). Sending it again
  unchanged would be refused again.
"""

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# An answer larger than this is not one of LAPOR!'s (a feed page of 100 items is far smaller).
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
USER_AGENT = "Sambat-LAPOR-connector/1"
# Statuses that mean "not now" rather than "not this": the server, a proxy or the token is the problem.
_RETRYABLE_STATUSES = frozenset({401, 403, 408, 425, 429})
IN_PROGRESS_CODE = "sedang_diproses"


class LaporError(Exception):
    """A request to SP4N-LAPOR! did not succeed."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LaporUnavailable(LaporError):
    """Not reached, or no usable answer: retry later with the same Idempotency-Key."""


class LaporRejected(LaporError):
    """LAPOR! refused the request as it is: retrying it unchanged will not help."""


@dataclass(frozen=True)
class UpdatesPage:
    """One page of LAPOR!'s update feed."""

    items: list[Any]
    next_cursor: str
    more: bool


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would carry the bearer token to wherever it points; LAPOR!'s API never redirects.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class LaporClient:
    """Calls one SP4N-LAPOR! API (base URL and bearer token) with a timeout on every request."""

    def __init__(self, *, base_url: str, token: str, timeout: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(f"SAMBAT_LAPOR_BASE_URL must be an http(s) URL, got {base_url!r}")
        if not token:
            raise ImproperlyConfigured("SAMBAT_LAPOR_TOKEN is empty")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirects())

    # --- the endpoints ----------------------------------------------------------------------------------------

    def create_report(self, payload: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        """POST /laporan: LAPOR!'s id and tracking number of the new (or, on a repeat, the same) report."""
        answer = self._request("POST", "/laporan", body=payload, idempotency_key=idempotency_key)
        _require_text(answer, "id")
        _require_text(answer, "nomor_tracking")
        return answer

    def add_follow_up(self, report_id: str, payload: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        """POST /laporan/{id}/tindak-lanjut: the follow-up's id in LAPOR!."""
        path = f"/laporan/{quote(report_id, safe='')}/tindak-lanjut"
        answer = self._request("POST", path, body=payload, idempotency_key=idempotency_key)
        _require_text(answer, "id")
        return answer

    def set_status(self, report_id: str, payload: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        """POST /laporan/{id}/status: the report's status as LAPOR! now holds it."""
        path = f"/laporan/{quote(report_id, safe='')}/status"
        answer = self._request("POST", path, body=payload, idempotency_key=idempotency_key)
        _require_text(answer, "status")
        return answer

    def updates(self, *, cursor: str, limit: int) -> UpdatesPage:
        """GET /pembaruan: dispositions, follow-ups and status changes after `cursor` ("" = from the start)."""
        query = {"batas": str(limit)} | ({"kursor": cursor} if cursor else {})
        answer = self._request("GET", f"/pembaruan?{urlencode(query)}")
        items, next_cursor, more = answer.get("data"), answer.get("kursor_berikutnya"), answer.get("ada_lagi")
        if not isinstance(items, list) or not isinstance(next_cursor, str) or not isinstance(more, bool):
            raise LaporUnavailable("SP4N-LAPOR! sent an update page without data, kursor_berikutnya or ada_lagi")
        return UpdatesPage(items=items, next_cursor=next_cursor, more=more)

    # --- transport --------------------------------------------------------------------------------------------

    def _request(
        self, method: str, path: str, *, body: dict[str, Any] | None = None, idempotency_key: str = ""
    ) -> dict[str, Any]:
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        # The scheme was checked to be http(s) in __init__.
        request = urllib.request.Request(  # noqa: S310
            self.base_url + path, data=data, method=method, headers=headers
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise _refusal(exc) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            # Refused connection, DNS failure, timeout, a connection dropped before the answer.
            reason = getattr(exc, "reason", None) or exc
            raise LaporUnavailable(f"SP4N-LAPOR! not reached: {reason!s}"[:500]) from exc
        if len(raw) > MAX_RESPONSE_BYTES:
            raise LaporUnavailable("SP4N-LAPOR! sent an answer larger than expected")
        try:
            answer = json.loads(raw)
        except ValueError as exc:
            raise LaporUnavailable("SP4N-LAPOR! sent an answer that is not JSON") from exc
        if not isinstance(answer, dict):
            raise LaporUnavailable("SP4N-LAPOR! sent an answer that is not a JSON object")
        return answer


def _refusal(exc: urllib.error.HTTPError) -> LaporError:
    """The error for an HTTP error status, with LAPOR!'s own explanation when it gave one."""
    status = exc.code
    code, explanation = _error_body(exc)
    message = f"SP4N-LAPOR! answered {status}" + (f": {explanation}" if explanation else "")
    # 409 "sedang_diproses": the first request with this Idempotency-Key is still running; ask again later.
    if status >= 500 or status in _RETRYABLE_STATUSES or status < 400 or code == IN_PROGRESS_CODE:
        return LaporUnavailable(message, status=status)
    return LaporRejected(message, status=status)


def _error_body(exc: urllib.error.HTTPError) -> tuple[str, str]:
    """LAPOR!'s error code and `kode: pesan (field: problem; …)` from its error body; ("", "") without one."""
    try:
        body = json.loads(exc.read(64 * 1024) or b"null")
    except (ValueError, OSError, http.client.HTTPException):
        return "", ""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "", ""
    code = str(error.get("kode", ""))
    text = f"{code}: {error.get('pesan', '')}".strip(": ")
    details = error.get("rincian")
    if isinstance(details, dict) and details:
        text += " (" + "; ".join(f"{field}: {problem}" for field, problem in details.items()) + ")"
    return code, text[:1000]


def _require_text(answer: dict[str, Any], field: str) -> None:
    value = answer.get(field)
    if not isinstance(value, str) or not value.strip():
        raise LaporUnavailable(f"SP4N-LAPOR! answered without {field!r}")


def connector_enabled() -> bool:
    """The connector runs only when both a base URL and a token are configured."""
    return bool(settings.SAMBAT_LAPOR_BASE_URL.strip() and settings.SAMBAT_LAPOR_TOKEN.strip())


def configured_client() -> LaporClient:
    """The client for the configured LAPOR! API (call only when `connector_enabled()`)."""
    return LaporClient(
        base_url=settings.SAMBAT_LAPOR_BASE_URL.strip(),
        token=settings.SAMBAT_LAPOR_TOKEN.strip(),
        timeout=settings.SAMBAT_LAPOR_TIMEOUT_SECONDS,
    )
