"""A small fixed-window counter in Django's cache, for slowing down password guessing.

The counters are exact when every process shares the cache (SAMBAT_CACHE_URL: a directory on one machine,
Redis across machines); with the per-process default each gunicorn worker counts on its own. Behind a reverse
proxy, set SAMBAT_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP) so clients are told apart by their own address, not
the proxy's.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    header = settings.SAMBAT_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            # X-Forwarded-For lists the client first; X-Real-IP holds one address.
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, subject: str) -> str:
    return f"throttle:{scope}:{subject}"


def is_blocked(scope: str, subject: str, *, limit: int) -> bool:
    return int(cache.get(_key(scope, subject), 0)) >= limit


def record_failure(scope: str, subject: str, *, window_seconds: int) -> None:
    key = _key(scope, subject)
    # add() starts the window only for the first failure; later ones count inside it.
    if not cache.add(key, 1, window_seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, window_seconds)


class Throttled(Exception):
    """Raised by a view when a client is over a limit; ThrottledMiddleware answers 429 with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ThrottledMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Throttled):
            return None
        return render(request, "429.html", {"message": exception.message}, status=429)
