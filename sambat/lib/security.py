"""Response headers that limit what a page may load or run, as a second line behind output escaping.

Everything the pages need is served by Sambat itself (vendored assets, the kelurahan GeoJSON, photos);
only a tile server the city configured for the maps is added.
"""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tile_origin(tile_url: str) -> str:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org'."""
    parts = urlsplit(tile_url.replace("{s}.", "subdomain-placeholder."))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('subdomain-placeholder.', '*.')}"


@lru_cache(maxsize=4)
def content_security_policy(tile_url: str) -> str:
    images = " ".join(filter(None, ["'self'", "data:", "blob:", _tile_origin(tile_url)]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # Leaflet positions map panes with style attributes.
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(settings.SAMBAT_MAP_TILE_URL))
        # The report form may ask for the device's position ("use my location"); nothing else is needed.
        response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
        return response
