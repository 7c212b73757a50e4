"""One shape for every error the API returns, and the handlers that turn exceptions into it.

    {"error": {"code": "not_found", "message": "No complaint has this code.", "details": {}}}

`code` is stable and meant for programs; `message` is for people, in the request's language; `details`
holds what a client may show next to a field (validation errors) or use to retry (`retry_after`).
"""

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pydantic
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from sambat.complaints.workflow import TransitionNotAllowed
from sambat.lib.images import ImageRejected
from sambat.lib.outage import OUTAGE_ERRORS, unavailable

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Response declarations for an operation's error statuses, e.g. `response={200: X, **errors(404, 422)}`."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """Raised anywhere in an endpoint to answer with the error shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})
        self.headers = dict(headers or {})


def not_found(message: str = "") -> ApiError:
    return ApiError(404, "not_found", message or _("Not found."))


def too_large() -> ApiError:
    return ApiError(413, "too_large", _("The request body is too large."))


def unreadable_body() -> ApiError:
    return ApiError(400, "bad_request", _("The request body could not be read."))


def rate_limited(message: str, *, retry_after: int) -> ApiError:
    return ApiError(
        429, "rate_limited", message, details={"retry_after": retry_after}, headers={"Retry-After": str(retry_after)}
    )


def field_errors(errors_by_field: Mapping[str, list[str]]) -> ApiError:
    """422 for values that are well-formed but not acceptable (the same rules as the web forms)."""
    return ApiError(
        422,
        "validation_error",
        _("Some values are not valid."),
        details={"fields": [{"field": name, "messages": messages} for name, messages in errors_by_field.items()]},
    )


def pydantic_errors(exc: pydantic.ValidationError, *, location: str = "body") -> ApiError:
    return ApiError(
        422,
        "validation_error",
        _("Some values are not valid."),
        details={"fields": [_pydantic_field(error, location) for error in exc.errors(include_url=False)]},
    )


def _pydantic_field(error: Mapping[str, Any], location: str) -> dict[str, Any]:
    path = [str(part) for part in error.get("loc", ())]
    if path and path[0] in ("body", "query", "path", "header", "form", "file"):
        location, path = path[0], path[1:]
    # A body model parameter adds its own name ("payload") in front of the field; it means nothing to a client.
    if location == "body" and len(path) > 1 and path[0] == "payload":
        path = path[1:]
    return {"field": ".".join(path) or location, "location": location, "messages": [_validator_message(error)]}


def _validator_message(error: Mapping[str, Any]) -> str:
    """The validator's complaint in the request's language; its own English text only for rare kinds."""
    kind = str(error.get("type", ""))
    raw_context = error.get("ctx")
    context: Mapping[str, Any] = raw_context if isinstance(raw_context, Mapping) else {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_type", "string_unicode"):
        return _("Must be text.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Must be a whole number.")
    if kind in ("float_type", "float_parsing", "decimal_parsing", "decimal_type"):
        return _("Must be a number.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Must be true or false.")
    if kind in ("string_too_long", "too_long") and "max_length" in context:
        return _("At most %(max)s characters or items.") % {"max": context["max_length"]}
    if kind in ("string_too_short", "too_short") and "min_length" in context:
        return _("At least %(min)s characters or items.") % {"min": context["min_length"]}
    if kind in ("less_than_equal", "less_than") and ("le" in context or "lt" in context):
        return _("Must be at most %(limit)s.") % {"limit": context.get("le", context.get("lt"))}
    if kind in ("greater_than_equal", "greater_than") and ("ge" in context or "gt" in context):
        return _("Must be at least %(limit)s.") % {"limit": context.get("ge", context.get("gt"))}
    if kind in ("literal_error", "enum") and "expected" in context:
        return _("Must be one of: %(choices)s.") % {"choices": context["expected"]}
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("Has the wrong shape.")
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing", "date_parsing", "date_type"):
        return _("Must be a date in ISO 8601 form, e.g. 2026-11-23 or 2026-11-23T10:00:00+07:00.")
    if kind == "extra_forbidden":
        return _("This field is not expected here.")
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # raised by our own validators, in the request's language already
    return str(error.get("msg", ""))


# Status codes of ninja's own HttpErrors (bad JSON, missing token, throttling) and the code each one gets.
_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def code_for_status(status: int) -> str:
    return _HTTP_CODES.get(status, "error")


def render_error(
    api: "NinjaAPI",
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(
        request, {"error": {"code": code, "message": message, "details": dict(details or {})}}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="sambat"'
    return response


def _messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(message) for message in exc.messages]}


def install_error_handlers(api: "NinjaAPI") -> None:
    """Replace ninja's default handlers so every error, its own included, has the shape above."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return render_error(
            api,
            request,
            status=exc.status,
            code=exc.code,
            message=exc.message,
            details=exc.details,
            headers=exc.headers,
        )

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [_pydantic_field(error, "body") for error in exc.errors]
        return on_api_error(
            request, ApiError(422, "validation_error", _("Some values are not valid."), details={"fields": fields})
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        messages = {
            400: _("The request body is not valid JSON."),
            401: _("Sign in first: send a valid token in the Authorization header (Bearer …)."),
            403: _("You may not do this."),
            429: _("Too many requests. Please wait and try again."),
        }
        headers: dict[str, str] = {}
        details: dict[str, Any] = {}
        if isinstance(exc, Throttled) and exc.wait is not None:
            details["retry_after"] = int(exc.wait)
            headers["Retry-After"] = str(int(exc.wait))
        message = messages.get(status, str(exc))
        return on_api_error(
            request, ApiError(status, code_for_status(status), message, details=details, headers=headers)
        )

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, not_found())

    def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, ApiError(403, "forbidden", str(exc) or _("You may not do this.")))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return on_api_error(request, field_errors(_messages(exc)))

    def on_transition(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, ApiError(409, "invalid_state", str(exc)))

    def on_image(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, ApiError(422, "invalid_image", str(exc), details={"field": "photos"}))

    def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, too_large())

    def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        return on_api_error(request, unreadable_body())

    def on_outage(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database is out of reach (restart, failover): not a bug, and the client should retry.
        logger.error("API: database unavailable on %s %s: answered 503", request.method, request.path)
        return unavailable(request)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with its traceback for the operators; the client learns only that it was not its fault.
        logger.exception("API error on %s %s", request.method, request.path)
        return on_api_error(request, ApiError(500, "server_error", _("Something went wrong on our side.")))

    handlers: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (ApiError, on_api_error),
        (NinjaValidationError, on_ninja_validation),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (PermissionDenied, on_permission_denied),
        (DjangoValidationError, on_django_validation),
        (TransitionNotAllowed, on_transition),
        (ImageRejected, on_image),
        (RequestDataTooBig, on_too_large),
        # A malformed multipart body, too many fields or files, and Django's other refusals of a request.
        (MultiPartParserError, on_unreadable),
        (SuspiciousOperation, on_unreadable),
        *((outage_class, on_outage) for outage_class in OUTAGE_ERRORS),
        # Anything else is a bug: logged, and answered as a 500 in the same shape.
        (Exception, on_unexpected),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)
