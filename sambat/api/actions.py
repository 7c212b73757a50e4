"""Signing in to the API: one-time codes for citizens, passwords for staff, and the tokens both receive.

Codes go out through the outbox like every other message, so a mail or SMS outage delays them and never
loses them; they are stored hashed, expire, allow a few tries and work once. Only the newest code of an
address works, so asking for several codes never multiplies the guesses an attacker gets.
"""

import datetime as dt
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sambat.accounts.choices import STAFF_ROLES, Role
from sambat.accounts.models import User
from sambat.api.contacts import phone_variants
from sambat.api.models import ApiToken, IdempotencyRecord, OneTimeCode
from sambat.api.security import TOKEN_PREFIX, token_hash
from sambat.notifications.actions import queue_message
from sambat.notifications.choices import MessageLanguage, OutboxChannel
from sambat.notifications.models import HIDDEN_BODY_PREFIX
from sambat.notifications.rendering import render_message

# An address gets at most this many codes per hour, whoever asks: nobody can flood a stranger's phone.
CODES_PER_ADDRESS_PER_HOUR = 5
# Roles that sign in with a password for a token: city staff and community assistants (KIM).
PASSWORD_ROLES = frozenset({*STAFF_ROLES, Role.KIM})
SMS_LENGTH = 320


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to the client once, never stored


class CodeRejected(Exception):
    """The one-time code is wrong, expired, used or out of tries; the message is for the user."""

    def __init__(self, message: str, *, tries_left: int | None = None) -> None:
        super().__init__(message)
        self.tries_left = tries_left


def _code_hash(address: str, code: str) -> str:
    # Keyed with SECRET_KEY and bound to the address: a leaked table alone does not give codes away.
    return salted_hmac("sambat.api.one-time-code", f"{address}\n{code}", algorithm="sha256").hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(string.digits) for _ in range(settings.SAMBAT_API_OTP_LENGTH))


def request_sign_in_code(*, channel: str, address: str, language: str = "") -> bool:
    """Create a code for the (normalised) address and queue it; False when the address had enough codes for now.

    The caller answers the same either way, so nobody learns whether an account exists or a limit was hit.
    """
    now = timezone.now()
    recent = OneTimeCode.objects.filter(address=address, created_at__gte=now - dt.timedelta(hours=1)).count()
    if recent >= CODES_PER_ADDRESS_PER_HOUR:
        return False
    code = _new_code()
    language = language if language in MessageLanguage.values else MessageLanguage.ID.value
    context = {
        "code": code,
        "minutes": str(settings.SAMBAT_API_OTP_MINUTES),
        "city": settings.SAMBAT_CITY_NAME,
        "url": settings.SAMBAT_PUBLIC_BASE_URL.rstrip("/") + "/",
    }
    message = render_message("sign_in_code", language=language, context=context)
    with transaction.atomic():
        one_time = OneTimeCode.objects.create(
            channel=channel,
            address=address,
            code_hash=_code_hash(address, code),
            expires_at=now + dt.timedelta(minutes=settings.SAMBAT_API_OTP_MINUTES),
        )
        queue_message(
            channel=channel,
            recipient=address,
            subject=message.subject if channel == OutboxChannel.EMAIL else "",
            body=message.body if channel == OutboxChannel.EMAIL else message.body[:SMS_LENGTH],
            dedupe_key=f"{HIDDEN_BODY_PREFIX}api-sign-in-code:{one_time.pk}",
        )
    return True


def _rejected() -> CodeRejected:
    return CodeRejected(_("The code is wrong or has expired. Ask for a new code."))


def _check_code(*, address: str, code: str) -> None:
    """Use up the address's newest code if `code` is it; every try counts, counted before comparing so that
    parallel guesses cannot exceed the limit."""
    limit = settings.SAMBAT_API_OTP_ATTEMPTS
    newest = OneTimeCode.objects.filter(address=address).order_by("-created_at", "-id").first()
    if newest is None or newest.used_at is not None or newest.expires_at <= timezone.now():
        raise _rejected()
    counted = OneTimeCode.objects.filter(pk=newest.pk, used_at__isnull=True, attempts__lt=limit).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        raise CodeRejected(_("Too many wrong codes. Ask for a new code."), tries_left=0)
    if not constant_time_compare(newest.code_hash, _code_hash(address, code.strip())):
        tries_left = max(limit - newest.attempts - 1, 0)
        if tries_left == 0:
            raise CodeRejected(_("Too many wrong codes. Ask for a new code."), tries_left=0)
        raise CodeRejected(_("The code is wrong or has expired. Ask for a new code."), tries_left=tries_left)
    if not OneTimeCode.objects.filter(pk=newest.pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise _rejected()  # a parallel request with the same code was first


def _citizen_account(*, channel: str, address: str) -> User:
    """The citizen account of the address, made on first sign-in. Staff accounts never sign in by code."""
    citizens = User.objects.filter(role=Role.CITIZEN)
    if channel == OutboxChannel.EMAIL:
        existing = citizens.filter(email__iexact=address)
    else:
        existing = citizens.filter(phone__in=phone_variants(address))
    user = existing.order_by("id").first()
    if user is None:
        user = User(
            username=f"warga-{secrets.token_hex(6)}",
            role=Role.CITIZEN,
            email=address if channel == OutboxChannel.EMAIL else "",
            phone=address if channel == OutboxChannel.SMS else "",
        )
        user.set_unusable_password()
        user.save()
    if not user.is_active:
        raise PermissionDenied(_("This account has been disabled."))
    return user


def sign_in_with_code(*, channel: str, address: str, code: str, device_name: str = "") -> IssuedToken:
    """Check the code and give the address's citizen account (made now if new) a token."""
    _check_code(address=address, code=code)
    with transaction.atomic():
        user = _citizen_account(channel=channel, address=address)
        return issue_token(user=user, name=device_name)


def sign_in_with_password(*, username: str, password: str, device_name: str = "") -> IssuedToken | None:
    """A token for staff and KIM assistants; None for a wrong user name or password (the caller counts those)."""
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        return None
    if user.role not in PASSWORD_ROLES:
        raise PermissionDenied(_("Citizens sign in to the app with a one-time code."))
    return issue_token(user=user, name=device_name)


def issue_token(*, user: User, name: str = "") -> IssuedToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=token_hash(secret), prefix=secret[: len(TOKEN_PREFIX) + 6]
    )
    return IssuedToken(token=token, secret=secret)


def revoke_token(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def purge_expired(*, idempotency_older_than: dt.timedelta, codes_older_than: dt.timedelta) -> tuple[int, int]:
    """Delete idempotency records and one-time codes past their use; returns how many of each."""
    now = timezone.now()
    records, _records_detail = IdempotencyRecord.objects.filter(created_at__lt=now - idempotency_older_than).delete()
    codes, _codes_detail = OneTimeCode.objects.filter(created_at__lt=now - codes_older_than).delete()
    return records, codes
