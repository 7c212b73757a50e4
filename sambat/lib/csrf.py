"""The page a browser gets when a form's CSRF check fails, which for citizens means a form that went stale.

Signing in or out in another tab, or a form left open for a long time, makes the token of an open form invalid.
Django's own page for that speaks of CSRF verification to people who only wanted to send a report; this one
says what happened and what to do, in the visitor's language. Programs get their own error shape.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sambat.lib.program_errors import program_error


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _("The form has expired. Reload the page and send it again.")
    response = program_error(request, status=403, code="csrf_failed", message=message)
    return response or render(request, "403_csrf.html", status=403)
