"""What a visitor gets when the server fails: 503 with Retry-After when the database is out of reach, else 500.

A database restart, a failover or a full connection pool raise OperationalError or InterfaceError wherever
the next query happens (often in the session middleware, before any view). Those are not bugs and they pass:
the visitor is told that nothing was stored and to send again shortly; an app or an Open311 client reads a
503 it knows to retry. Both pages render without the database (no base template, no request context).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sambat.lib.program_errors import program_error

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OUTAGE_ERRORS)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 in the caller's shape; nothing the request carried has been stored."""
    message = _("The service is briefly unavailable and nothing was saved. Please send it again in a minute.")
    details = {"retry_after": RETRY_AFTER_SECONDS}
    response = program_error(request, status=503, code="unavailable", message=message, details=details)
    if response is None:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it while handling the exception, so sys.exc_info() names the cause."""
    if is_outage(sys.exc_info()[1]):
        logger.error("database unavailable on %s %s: answered 503", request.method, request.path)
        return unavailable(request)
    message = _("Something went wrong on our side.")
    response = program_error(request, status=500, code="server_error", message=message)
    return response or HttpResponse(render_to_string("500.html"), status=500)
