"""The photo behind a service request's media_url, fetched only from hosts the city trusts.

Fetching any address a client names would let it make this server call into the city's own network, so only
hosts listed in SAMBAT_OPEN311_MEDIA_HOSTS are asked (none by default), without following redirects, within a
time limit and a size cap. What comes back is cleaned like an upload (`lib.images`: verified, re-encoded, EXIF
and GPS removed). Any failure only means the complaint arrives without the photo: the citizen's report is
never refused for it, and nothing about it is published.
"""

import http.client
import io
import logging
import time
import urllib.error
import urllib.request
from posixpath import basename
from urllib.parse import unquote, urlsplit

from django.conf import settings

from sambat.lib.images import CleanImage, ImageRejected, clean_image

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
CHUNK_BYTES = 64 * 1024
MAX_URL_LENGTH = 2000


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead to a host that is not trusted: treat it as a failure."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _allowed_hosts() -> set[str]:
    return {host.strip().lower() for host in settings.SAMBAT_OPEN311_MEDIA_HOSTS if host.strip()}


def is_allowed(url: str) -> bool:
    """An http(s) address without credentials on a trusted host (listed as `host` or `host:port`)."""
    if len(url) > MAX_URL_LENGTH:
        return False
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return False
    hosts = _allowed_hosts()
    host = parts.hostname.lower()
    return host in hosts or (port is not None and f"{host}:{port}" in hosts)


def _for_log(url: str) -> str:
    """The address without credentials or query (which may hold tokens), for the log."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"[:200]
    except ValueError:
        return "(malformed address)"


def _download(url: str) -> bytes | None:
    limit = settings.SAMBAT_MAX_IMAGE_BYTES
    deadline = time.monotonic() + TIMEOUT_SECONDS
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "Sambat-Open311", "Accept": "image/*"})  # noqa: S310 - scheme and host checked by is_allowed
    with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            logger.info("media_url %s ignored: %s bytes announced, the limit is %s", _for_log(url), declared, limit)
            return None
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                logger.info("media_url %s ignored: larger than %s bytes", _for_log(url), limit)
                return None
            if time.monotonic() > deadline:
                logger.info("media_url %s ignored: slower than %s s", _for_log(url), TIMEOUT_SECONDS)
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def fetch_media(url: str) -> CleanImage | None:
    """The cleaned image at `url`, or None when it may not be fetched, cannot be fetched or is no image."""
    url = url.strip()
    if not url:
        return None
    if not is_allowed(url):
        logger.info("media_url ignored: %s is not on a trusted host", _for_log(url))
        return None
    try:
        data = _download(url)
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        logger.info("media_url %s ignored: %s", _for_log(url), exc)
        return None
    if not data:
        return None
    name = unquote(basename(urlsplit(url).path)) or "media"
    try:
        return clean_image(io.BytesIO(data), name=name)
    except ImageRejected as exc:
        logger.info("media_url %s ignored: %s", _for_log(url), exc)
        return None
