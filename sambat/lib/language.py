"""Indonesian first: pages are in the city's language unless the visitor chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English would get the
English portal without asking. Here only an explicit choice (the language switch, stored in the language
cookie) changes the language; everyone else gets settings.LANGUAGE_CODE.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return choice if choice in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
