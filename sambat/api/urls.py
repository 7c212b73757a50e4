"""/api/v1/: the ninja API, plus the error shape for addresses and methods it does not know."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sambat.api.api import api
from sambat.api.errors import render_error

View = Callable[..., HttpResponseBase]


def _method_errors_in_shape(view: View) -> View:
    """Ninja answers an unknown method with a plain-text 405; give it the error shape (keeping its Allow header)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            shaped = render_error(
                api, request, status=405, code="method_not_allowed", message=_("This method is not allowed here.")
            )
            shaped["Allow"] = response.get("Allow", "")
            return shaped
        return response

    return wrapper


@csrf_exempt
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    return render_error(api, request, status=404, code="not_found", message=_("There is no such API address."))


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    shaped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _method_errors_in_shape(pattern.callback)
        shaped.append(pattern)
    return shaped


app_name = "api"
urlpatterns = [*_patterns(), re_path(r"^(?P<rest>.*)$", unknown_address, name="unknown")]
