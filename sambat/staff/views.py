"""Staff workspace (placeholder views; replaced by the staff implementation)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo")


home = triage = inbox = complaint_detail = act = overview = _todo
