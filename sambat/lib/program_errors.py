"""Errors in the shape the caller reads, for the answers given before or around a program's own views.

The REST API and Open311 answer their own errors inside their views (sambat/api/errors.py,
sambat/open311/renderers.py). A few answers come from outside those views: a body refused before it is read
(413), the database gone (503), a bug in a middleware (500). Programs must still get their own shapes there,
people a page.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PATH_PREFIX = "/api/"
OPEN311_PATH_PREFIX = "/open311/"


def program_error(
    request: HttpRequest, *, status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> HttpResponse | None:
    """The REST API's `{"error": {code, message, details}}` or GeoReport's errors document; None for a page."""
    if request.path.startswith(API_PATH_PREFIX):
        return JsonResponse({"error": {"code": code, "message": message, "details": details or {}}}, status=status)
    if request.path.startswith(OPEN311_PATH_PREFIX):
        from sambat.open311.renderers import JSON, XML
        from sambat.open311.renderers import error as open311_error

        return open311_error(XML if request.path.endswith(".xml") else JSON, status=status, description=message)
    return None
