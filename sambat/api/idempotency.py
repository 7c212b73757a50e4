"""Idempotency-Key for every POST: a retried request returns the first answer and does nothing again.

A client sends `Idempotency-Key: <its own unique string>` with a POST. The first request with a key claims it
(an `IdempotencyRecord` without status), runs, and when it succeeds (2xx) its status and body are stored; the
same key again, from the same user (or, without a token, the same address), with the same method, path and
body, gets that stored answer back with `Idempotent-Replayed: true`, and nothing is created twice. The same key
with a different request is refused with 409 `idempotency_key_reused`; while the first request still runs, a
retry gets 409 `idempotency_key_in_progress` with Retry-After.

Failed requests (4xx/5xx) are not stored: they changed nothing, so the key stays free and a corrected request
may reuse it. A response marked `Cache-Control: no-store` (sign-in tokens) is never stored either, since it
holds a secret. Records are kept for RECORD_TTL (`manage.py api_purge` deletes older ones).

The decorator wraps every operation of the API (`api.add_decorator(..., mode="view")`), so a new POST endpoint
is idempotent without doing anything.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _

from sambat.api.errors import ApiError, too_large, unreadable_body
from sambat.api.models import IdempotencyRecord
from sambat.api.security import active_token
from sambat.lib.throttle import client_ip

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
RECORD_TTL = dt.timedelta(hours=24)
# A claim older than this belongs to a request that died mid-way; a retry may take it over.
STALE_CLAIM = dt.timedelta(minutes=2)
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # visible ASCII, as HTTP header values safely are

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Your unique key for this request (e.g. a UUID). Retrying with the same key returns the first successful "
        "answer instead of doing the action again."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": r"^[\x21-\x7e]+$"},
}

Run = Callable[..., HttpResponseBase]


def _scope(request: HttpRequest) -> str:
    """Whose keys these are: the token's user, else the client's address."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() == "bearer":
        token = active_token(secret.strip())
        if token is not None:
            return f"user:{token.user_id}"
    return f"ip:{client_ip(request)}"[:80]


def _body_fingerprint(request: HttpRequest) -> str:
    """SHA-256 of the request body in a canonical form, so that a retry of the same request always matches.

    JSON is compared by value (key order and spacing do not matter); multipart by its fields and each file's
    content (the boundary a client picks differs on every retry).
    """
    digest = hashlib.sha256()
    if request.content_type == "multipart/form-data":
        for name in sorted(request.POST):
            digest.update(json.dumps(["field", name, request.POST.getlist(name)]).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                content = hashlib.sha256()
                for chunk in upload.chunks():
                    content.update(chunk)
                upload.seek(0)
                digest.update(json.dumps(["file", name, upload.name, content.hexdigest()]).encode())
        return digest.hexdigest()
    body = request.body
    try:
        digest.update(json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode())
    except ValueError:
        digest.update(body)
    return digest.hexdigest()


def _key(request: HttpRequest) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not _KEY_CHARACTERS.fullmatch(key):
        raise ApiError(
            422,
            "invalid_idempotency_key",
            _("The Idempotency-Key must be 1 to %(max)d visible ASCII characters.") % {"max": MAX_KEY_LENGTH},
            details={"field": HEADER},
        )
    return key


def intake_key(request: HttpRequest) -> str:
    """For submissions: a key unique to this client's Idempotency-Key, passed to `submit_complaint` as its intake
    key, so even a retry after the record expired returns the first complaint. Empty without a key."""
    claim = getattr(request, "sambat_idempotency", None)
    if claim is None:
        return ""
    scope, key = claim
    return "api:" + hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status or 200, content_type=record.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def _stored_answer(request: HttpRequest, record: IdempotencyRecord, fingerprint: str) -> HttpResponse | None:
    """The answer to a request whose key is already claimed, or None when the claim may be taken over."""
    if (record.method, record.path, record.request_hash) != (request.method, request.path, fingerprint):
        raise ApiError(
            409,
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request. Use a new key for a new request."),
        )
    if record.status is not None:
        return _replay(record)
    if timezone.now() - record.created_at < STALE_CLAIM:
        raise ApiError(
            409,
            "idempotency_key_in_progress",
            _("A request with this Idempotency-Key is still being processed. Retry in a moment."),
            headers={"Retry-After": "1"},
        )
    return None


def _claim(request: HttpRequest, scope: str, key: str, fingerprint: str) -> IdempotencyRecord | HttpResponse:
    """Claim the key for this request, or the answer that a retry gets instead."""
    for _attempt in range(3):
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is not None and timezone.now() - existing.created_at > RECORD_TTL:
            existing.delete()
            existing = None
        if existing is not None:
            answer = _stored_answer(request, existing, fingerprint)
            if answer is not None:
                return answer
            existing.delete()  # a stale claim of a request that never finished
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    scope=scope, key=key, method=request.method or "", path=request.path[:300], request_hash=fingerprint
                )
        except IntegrityError:
            continue  # a parallel request with the same key claimed it first; look at its record
    raise ApiError(
        409,
        "idempotency_key_in_progress",
        _("A request with this Idempotency-Key is still being processed. Retry in a moment."),
        headers={"Retry-After": "1"},
    )


def _storable(response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and 200 <= response.status_code < 300
        and "no-store" not in response.get("Cache-Control", "")
    )


def replay_idempotent(run: Run, *, on_error: Callable[[HttpRequest, ApiError], HttpResponseBase]) -> Run:
    """Wrap an operation's `run` so POSTs with an Idempotency-Key are answered once and replayed after."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return run(request, *args, **kwargs)
        try:
            key = _key(request)
            if key is not None:
                scope = _scope(request)
                claimed = _claim(request, scope, key, _body_fingerprint(request))
        except ApiError as error:
            return on_error(request, error)
        except RequestDataTooBig:
            return on_error(request, too_large())
        except (MultiPartParserError, SuspiciousOperation):
            return on_error(request, unreadable_body())
        if key is None:
            return run(request, *args, **kwargs)
        if isinstance(claimed, HttpResponse):
            return claimed
        request.sambat_idempotency = (scope, key)  # type: ignore[attr-defined]
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            claimed.delete()
            raise
        if _storable(response):
            assert isinstance(response, HttpResponse)
            claimed.status = response.status_code
            claimed.content_type = response.get("Content-Type", "")[:100]
            claimed.body = response.content.decode(response.charset or "utf-8")
            claimed.save(update_fields=["status", "content_type", "body"])
        else:
            claimed.delete()
        return response

    return wrapper
