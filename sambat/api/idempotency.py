"""Idempotency-Key for every POST: a retried request returns the first answer and does nothing again.

A client sends `Idempotency-Key: <its own unique string>` with a POST. The first request with a key claims it
(an `IdempotencyRecord` without status), runs, and when it succeeds (2xx) its status and body are stored; the
same key again, from the same user (or, without a token, the same address), with the same method, path and
body, gets that stored answer back with `Idempotent-Replayed: true`, and nothing is created twice. The same key
with a different request is refused with 409 `idempotency_key_reused`; while the first request still runs, a
retry gets 409 `idempotency_key_in_progress` with Retry-After.

A request can die between claiming a key and finishing (a crash, the database restarting under it), leaving
a claim without an answer. On PostgreSQL the running request also holds a session advisory lock on its key,
which the database drops with the connection, so a retry knows at once that nobody is working on the claim
and takes it over; elsewhere (SQLite, one machine) a claim counts as abandoned after STALE_CLAIM.

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
from django.db import DatabaseError, IntegrityError, connection, transaction
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
# Without advisory locks (SQLite), a claim older than this belongs to a request that died mid-way; a retry may
# take it over. The body is read before the claim, so a claim lasts only as long as the server's own work.
STALE_CLAIM = dt.timedelta(seconds=30)
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


def _lock_number(scope: str, key: str) -> int:
    """The advisory lock of one client's key: 64 bits of its hash, signed as PostgreSQL's bigint is."""
    return int.from_bytes(hashlib.sha256(f"{scope}\n{key}".encode()).digest()[:8], "big", signed=True)


def _try_lock(number: int) -> bool | None:
    """Take the key's advisory lock for this connection: True, False when another request holds it, None
    when the database has no advisory locks."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
        return bool(cursor.fetchone()[0])


def _unlock(number: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
    except DatabaseError:
        pass  # the connection is gone, and the lock with it


def _in_progress() -> ApiError:
    return ApiError(
        409,
        "idempotency_key_in_progress",
        _("A request with this Idempotency-Key is still being processed. Retry in a moment."),
        headers={"Retry-After": "1"},
    )


def _stored_answer(
    request: HttpRequest, record: IdempotencyRecord, fingerprint: str, *, running: bool
) -> HttpResponse | None:
    """The answer to a request whose key is already claimed, or None when the claim may be taken over."""
    if (record.method, record.path, record.request_hash) != (request.method, request.path, fingerprint):
        raise ApiError(
            409,
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request. Use a new key for a new request."),
        )
    if record.status is not None:
        return _replay(record)
    if running:
        raise _in_progress()
    return None


def _claim(request: HttpRequest, scope: str, key: str, fingerprint: str) -> IdempotencyRecord | HttpResponse:
    """Claim the key for this request, or the answer that a retry gets instead. The caller holds the key's
    advisory lock (where there is one) while it claims."""
    for _attempt in range(3):
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is not None and timezone.now() - existing.created_at > RECORD_TTL:
            existing.delete()
            existing = None
        if existing is not None:
            # With the advisory lock in hand nobody else runs this key; without locks, only a fresh claim runs.
            running = connection.vendor != "postgresql" and timezone.now() - existing.created_at < STALE_CLAIM
            answer = _stored_answer(request, existing, fingerprint, running=running)
            if answer is not None:
                return answer
            existing.delete()  # the claim of a request that never finished
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    scope=scope, key=key, method=request.method or "", path=request.path[:300], request_hash=fingerprint
                )
        except IntegrityError:
            continue  # a parallel request with the same key claimed it first; look at its record
    raise _in_progress()


def _claim_with_lock(
    request: HttpRequest, scope: str, key: str, fingerprint: str
) -> tuple[IdempotencyRecord | HttpResponse, int | None]:
    """`_claim` under the key's advisory lock; the lock number is returned while it is still held."""
    number = _lock_number(scope, key)
    locked = _try_lock(number)
    if locked is False:
        # Another request with this key runs right now: its answer if it has just finished, else "wait".
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        answer = _stored_answer(request, existing, fingerprint, running=True) if existing is not None else None
        if answer is None:
            raise _in_progress()
        return answer, None
    try:
        claimed = _claim(request, scope, key, fingerprint)
    except BaseException:
        if locked:
            _unlock(number)
        raise
    if isinstance(claimed, HttpResponse):
        if locked:
            _unlock(number)
        return claimed, None
    return claimed, number if locked else None


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
                claimed, lock = _claim_with_lock(request, scope, key, _body_fingerprint(request))
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
        finally:
            if lock is not None:
                _unlock(lock)
        return response

    return wrapper
