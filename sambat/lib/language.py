"""Indonesian first: pages are in the city's language unless the visitor chose another one.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English would get the
English portal without asking. Here only an explicit choice (the language switch, stored in the language
cookie) changes the language; everyone else gets settings.LANGUAGE_CODE.

Programs are the exception: a mobile app or an Open311 client sets Accept-Language on purpose (from its own
language setting), so the REST API and Open311 answer in the language it names when no cookie says otherwise.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Paths read by programs, which choose their language with Accept-Language.
PROGRAM_PATH_PREFIXES = ("/api/", "/open311/")


def _supported(code: str) -> str:
    """The supported language a tag names ("en-US" -> "en"), or ""."""
    primary = code.strip().lower().split("-")[0]
    return primary if primary in dict(settings.LANGUAGES) else ""


def _accepted_language(header: str) -> str:
    """The first supported language of an Accept-Language header, by preference (q) then order; or ""."""
    weighted = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _sep, parameters = part.partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                continue
        language = _supported(tag)
        if language and quality > 0:
            weighted.append((-quality, position, language))
    return min(weighted)[2] if weighted else ""


def chosen_language(request: HttpRequest) -> str:
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if choice in dict(settings.LANGUAGES):
        return choice
    if request.path.startswith(PROGRAM_PATH_PREFIXES):
        return _accepted_language(request.headers.get("Accept-Language", "")) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(
            response, ("Cookie", "Accept-Language") if request.path.startswith(PROGRAM_PATH_PREFIXES) else ("Cookie",)
        )
        response.headers.setdefault("Content-Language", language)
        return response
