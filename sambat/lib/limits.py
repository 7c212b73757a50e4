"""Refuse request bodies larger than any legitimate form before Django reads them.

Uploaded files are checked one by one later (size, real image), but a 5 GB body would first be streamed to
a temporary file. The largest legitimate request is a report with SAMBAT_MAX_IMAGES photos of
SAMBAT_MAX_IMAGE_BYTES each plus its text fields.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sambat.lib.program_errors import program_error

# Room for the text fields and multipart overhead next to the photos.
FORM_OVERHEAD_BYTES = 2 * 1024 * 1024


def max_request_bytes() -> int:
    return settings.SAMBAT_MAX_IMAGES * settings.SAMBAT_MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES


def _refusal(request: HttpRequest, context: dict[str, int]) -> HttpResponse:
    """413 in the shape the caller reads: the API's JSON error, GeoReport's errors document, or a page."""
    message = _("The request body is too large: at most %(limit_mb)d MB.") % context
    details = {"limit_bytes": max_request_bytes()}
    response = program_error(request, status=413, code="too_large", message=message, details=details)
    return response or HttpResponse(render_to_string("413.html", context, request=request), status=413)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            limit_mb = max_request_bytes() // (1024 * 1024)
            context = {
                "limit_mb": limit_mb,
                "max_images": settings.SAMBAT_MAX_IMAGES,
                "max_image_mb": settings.SAMBAT_MAX_IMAGE_BYTES // (1024 * 1024),
            }
            response = _refusal(request, context)
            # The unread body stays in the socket: closing the connection keeps it out of the next request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
