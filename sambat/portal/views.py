"""Citizen portal (placeholder views; replaced by the portal implementation)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo")


home = submit = submitted = track_lookup = track = reply = rate = reopen = board = photo = _todo
