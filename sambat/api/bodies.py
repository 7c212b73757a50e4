"""Request bodies that come as JSON, or as multipart/form-data when the client attaches photos.

ninja binds one content type per operation; the endpoints that take photos accept both, so an app sends plain
JSON until the user adds a photo. In multipart, object fields (`extra`) are JSON-encoded parts and the photos
are repeated `photos` file parts. Both are validated by the same schema, with the same error shape.
"""

import copy
import json
from typing import Any, TypeVar

import pydantic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from sambat.api.errors import ApiError, pydantic_errors

PHOTOS = "photos"
JSON, MULTIPART = "application/json", "multipart/form-data"

S = TypeVar("S", bound=Schema)


def _object_fields(schema: type[Schema]) -> set[str]:
    properties = schema.model_json_schema()["properties"]
    return {name for name, spec in properties.items() if _is_object(spec)}


def _is_object(spec: dict[str, Any]) -> bool:
    options = spec.get("anyOf", [spec])
    return any(option.get("type") == "object" for option in options)


def read_body(request: HttpRequest, schema: type[S], *, photos: bool = True) -> tuple[S, list[UploadedFile]]:
    """The validated body and the uploaded photos (always none for JSON)."""
    uploads: list[UploadedFile] = []
    if request.content_type == MULTIPART and photos:
        data: Any = {name: request.POST.get(name) for name in request.POST}
        for name in _object_fields(schema) & set(data):
            try:
                data[name] = json.loads(data[name])
            except ValueError as exc:
                raise ApiError(
                    422,
                    "validation_error",
                    _("Some values are not valid."),
                    details={"fields": [{"field": name, "messages": [_("This part must be a JSON object.")]}]},
                ) from exc
        uploads = request.FILES.getlist(PHOTOS)
    elif request.content_type in (JSON, ""):
        # No body at all is an empty object: operations whose fields are all optional need nothing.
        try:
            data = json.loads(request.body) if request.body else {}
        except ValueError as exc:
            raise ApiError(400, "bad_request", _("The request body is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise ApiError(422, "validation_error", _("The request body must be a JSON object."))
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Send the body as application/json, or as multipart/form-data with photos.")
            if photos
            else _("Send the body as application/json."),
        )
    if len(uploads) > settings.SAMBAT_MAX_IMAGES:
        raise ApiError(
            422,
            "invalid_image",
            _("At most %(count)d photos can be attached.") % {"count": settings.SAMBAT_MAX_IMAGES},
            details={"field": PHOTOS},
        )
    try:
        return schema.model_validate(data), uploads
    except pydantic.ValidationError as exc:
        raise pydantic_errors(exc) from exc


def body_openapi(schema: type[Schema], *, photos: bool = True, required: bool = True) -> dict[str, Any]:
    """The operation's requestBody for the OpenAPI document (merged through ninja's `openapi_extra`)."""
    json_schema = schema.model_json_schema()
    # Inlined, so it must be self-contained: nested models would need their definitions in components.
    assert "$defs" not in json_schema, f"{schema.__name__} must not nest models"
    content: dict[str, Any] = {JSON: {"schema": json_schema}}
    if photos:
        multipart = copy.deepcopy(json_schema)
        multipart["properties"][PHOTOS] = {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "maxItems": settings.SAMBAT_MAX_IMAGES,
            "description": "Photos (JPEG, PNG, WebP or GIF); location data is removed.",
        }
        encoding = {name: {"contentType": JSON} for name in _object_fields(schema)}
        content[MULTIPART] = {"schema": multipart, **({"encoding": encoding} if encoding else {})}
    return {"requestBody": {"required": required, "content": content}}
