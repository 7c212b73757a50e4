"""Bearer tokens: how a request proves who sends it, and the helpers endpoints use to ask who that is.

Tokens are random secrets (`sbt_…`); the database holds only their SHA-256, so a copy of the database does not
let anyone act as a user. A high-entropy secret needs no salt or slow hash.
"""

import datetime as dt
import hashlib
from typing import Final

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.api.errors import ApiError
from sambat.api.models import ApiToken

TOKEN_PREFIX = "sbt_"  # noqa: S105 - a public marker that makes leaked tokens recognisable
# Writing `last_used_at` on every request would turn each read into a write; a few minutes' precision is enough.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def idle_limit(user: User) -> dt.timedelta:
    """How long a token of this user may go unused before it stops working."""
    days = settings.SAMBAT_API_STAFF_TOKEN_IDLE_DAYS if user.is_city_staff else settings.SAMBAT_API_TOKEN_IDLE_DAYS
    return dt.timedelta(days=days)


def is_idle(token: ApiToken, *, now: dt.datetime) -> bool:
    return now - (token.last_used_at or token.created_at) > idle_limit(token.user)


def active_token(secret: str) -> ApiToken | None:
    """The unrevoked, recently used token with this secret whose user may still sign in, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or is_idle(token, now=timezone.now()):
        return None
    return token


def _note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sbt_…`. A token that is sent but not valid is refused (401) even where signing in
    is optional, so a client never acts anonymously by mistake."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = active_token(token.strip())
        if found is None:
            raise AuthenticationError()
        _note_use(found)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class _Anonymous:
    """Marks a request that sent no token where that is allowed (ninja needs a truthy value)."""

    def __bool__(self) -> bool:
        return True


ANONYMOUS: Final = _Anonymous()


def anonymous(request: HttpRequest) -> _Anonymous:
    return ANONYMOUS


token_auth = TokenAuth()
# For endpoints anyone may use, where a token adds what its user may see or do.
optional_auth = [token_auth, anonymous]
# Declares in the OpenAPI document that the token is optional (an empty security requirement).
OPTIONAL_AUTH_OPENAPI: dict = {"security": [{}]}


def current_user(request: HttpRequest) -> User | None:
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else None


def current_token(request: HttpRequest) -> ApiToken | None:
    token = getattr(request, "api_token", None)
    return token if isinstance(token, ApiToken) else None


def signed_in_user(request: HttpRequest) -> User:
    user = current_user(request)
    if user is None:
        raise AuthenticationError()
    return user


def staff_user(request: HttpRequest) -> User:
    """The signed-in city staff member (verifier, officer, head or leader); 403 for anyone else."""
    user = signed_in_user(request)
    if not user.is_city_staff:
        raise ApiError(403, "forbidden", _("This part of the API is for city staff."))
    return user


def citizen_user(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if user.role != Role.CITIZEN:
        raise ApiError(403, "forbidden", _("This is for citizens' accounts."))
    return user
