"""Rate limits of the endpoints anyone may call without a token, per client address, in Django's cache.

They reuse the site's fixed-window counter (`lib.throttle`) and share its budgets where the web has one:
unknown tracking codes count against the same allowance as on the tracking page, and wrong staff passwords
against the web sign-in's. Exceeding a limit answers 429 with Retry-After (the length of the window: the
cache does not say how much of it is left, and waiting the whole window is always enough).
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sambat.accounts.views import SCOPE as SIGN_IN_SCOPE
from sambat.api.errors import rate_limited
from sambat.lib.throttle import client_ip, is_blocked, record_failure

MINUTE = 60
TRACKING_SCOPE = "tracking"  # the portal's scope for unknown tracking codes


def count_anonymous_request(request: HttpRequest, endpoint: str) -> None:
    """Count one request to an anonymous endpoint; 429 beyond SAMBAT_API_ANONYMOUS_PER_MINUTE per address."""
    scope, address = f"api-{endpoint}", client_ip(request)
    if is_blocked(scope, address, limit=settings.SAMBAT_API_ANONYMOUS_PER_MINUTE):
        raise rate_limited(_("Too many requests from your address. Please wait a minute."), retry_after=MINUTE)
    record_failure(scope, address, window_seconds=MINUTE)


def check_tracking_allowance(request: HttpRequest) -> None:
    if is_blocked(TRACKING_SCOPE, client_ip(request), limit=settings.SAMBAT_TRACKING_MISSES):
        window = settings.SAMBAT_TRACKING_WINDOW_SECONDS
        raise rate_limited(
            _("Too many unknown tracking codes. Please wait %(minutes)d minutes.") % {"minutes": window // MINUTE},
            retry_after=window,
        )


def count_tracking_miss(request: HttpRequest) -> None:
    record_failure(TRACKING_SCOPE, client_ip(request), window_seconds=settings.SAMBAT_TRACKING_WINDOW_SECONDS)


def check_sign_in_allowance(request: HttpRequest) -> None:
    if is_blocked(SIGN_IN_SCOPE, client_ip(request), limit=settings.SAMBAT_SIGN_IN_ATTEMPTS):
        window = settings.SAMBAT_SIGN_IN_WINDOW_SECONDS
        raise rate_limited(
            _("Too many wrong sign-ins came from your address. Please wait %(minutes)d minutes and try again.")
            % {"minutes": window // MINUTE},
            retry_after=window,
        )


def count_sign_in_failure(request: HttpRequest) -> None:
    record_failure(SIGN_IN_SCOPE, client_ip(request), window_seconds=settings.SAMBAT_SIGN_IN_WINDOW_SECONDS)
