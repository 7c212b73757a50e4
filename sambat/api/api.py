"""The REST API for apps: one NinjaAPI under /api/v1/, its error handlers, idempotency and OpenAPI document."""

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from sambat.api import idempotency
from sambat.api.endpoints import auth, complaints, public, staff
from sambat.api.errors import ApiError, install_error_handlers, render_error

DESCRIPTION = """\
Report problems to the city, follow them and answer the department; read the public board and statistics;
and, for city staff, work the department's inbox. Every error has the shape
`{"error": {"code": "...", "message": "...", "details": {...}}}`. Lists are paginated with a cursor
(`next_cursor`). Every POST accepts an `Idempotency-Key` header. See docs/api.md for the sign-in flow.
"""


class SambatAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        """Ninja's document plus what every POST shares: the Idempotency-Key header and its 409 answer."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_ref = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema["paths"].values():
            operation = operations.get("post")
            if operation is None:
                continue
            parameters = operation.setdefault("parameters", [])
            if idempotency.OPENAPI_PARAMETER not in parameters:
                parameters.append(idempotency.OPENAPI_PARAMETER)
            operation["responses"].setdefault(
                409, {"description": "Conflict", "content": {"application/json": {"schema": error_ref}}}
            )
        return schema


api = SambatAPI(
    title="Sambat API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # Swagger UI from ninja's own static files, configured by a JSON block rather than an inline script: it runs
    # under the site's Content-Security-Policy (script-src 'self') unchanged, with nothing from a CDN.
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)


def _idempotency_error(request: HttpRequest, error: ApiError) -> HttpResponseBase:
    return render_error(
        api,
        request,
        status=error.status,
        code=error.code,
        message=error.message,
        details=error.details,
        headers=error.headers,
    )


api.add_decorator(partial(idempotency.replay_idempotent, on_error=_idempotency_error), mode="view")
for router in (auth.router, complaints.router, public.router, staff.router):
    api.add_router("", router)
