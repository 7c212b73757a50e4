"""What anyone may read: the public board, statistics, categories with their questions, areas, and photos."""

from dataclasses import asdict
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from ninja import Router
from ninja.params import HeaderEx, P, PathEx, Query

from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category
from sambat.agencies.queries import active_categories, kecamatan_list
from sambat.agencies.questions import questions_by_code
from sambat.api import presenters
from sambat.api.errors import errors
from sambat.api.lookups import CITIZEN_KEY_HEADER
from sambat.api.pagination import Page, paginate
from sambat.api.schemas import BoardQuery, CategoryOut, ComplaintSummaryOut, KecamatanOut, StatisticsOut
from sambat.api.security import OPTIONAL_AUTH_OPENAPI, current_user, optional_auth
from sambat.complaints.models import Attachment
from sambat.complaints.queries import is_citizen_of, public_board
from sambat.portal import queries as portal_queries
from sambat.portal import statistics as portal_statistics
from sambat.portal.forms import extra_question_fields
from sambat.portal.photos import PHOTO_TYPES, photo_response

router = Router(tags=["Public"])


@router.get(
    "/board",
    auth=None,
    response={200: Page[ComplaintSummaryOut], **errors(400, 422)},
    summary="The public board: accepted, non-confidential reports, newest first",
)
def board(request: HttpRequest, filters: Query[BoardQuery]) -> dict[str, Any]:
    complaints = public_board(
        category_code=filters.category, kecamatan_code=filters.kecamatan, status=filters.status, query=filters.q
    )
    if filters.kelurahan:
        complaints = complaints.filter(area__code=filters.kelurahan)
    rows, next_cursor = paginate(complaints.defer("area__boundary", "kecamatan__boundary"), filters)
    counts = presenters.supporter_counts(rows)
    items = [presenters.summary(request, row, supporters=counts.get(row.pk, 0), own=False) for row in rows]
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/statistics",
    auth=None,
    response={200: StatisticsOut},
    summary="Per department: received, on time, median hours to first response, rating",
)
def statistics(request: HttpRequest) -> dict[str, Any]:
    return {
        "windows": [
            {
                "key": window.key,
                "start": window.start,
                "end": window.end,
                "departments": [asdict(row) for row in window.rows],
            }
            for window in portal_statistics.public_statistics()
        ]
    }


def _questions(category: Category) -> list[dict[str, Any]]:
    """The extra questions the report form asks for this category (malformed definitions are skipped there)."""
    asked = {code for code, _field in extra_question_fields(category).values()}
    questions = []
    for code, question in questions_by_code(category).items():
        if code not in asked:
            continue
        values = [item for item in question.get("values") or [] if isinstance(item, dict) and item.get("key")]
        questions.append(
            {
                "code": code,
                "label": str(question.get("label") or code),
                "datatype": str(question.get("datatype") or "string"),
                "required": bool(question.get("required")),
                "values": [{"key": str(item["key"]), "name": str(item.get("name") or item["key"])} for item in values],
            }
        )
    return questions


@router.get(
    "/categories",
    auth=None,
    response={200: list[CategoryOut]},
    summary="Categories to report under, with their extra questions",
)
def categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": category.code,
            "name": category.name,
            "name_en": category.name_en,
            "description": category.description,
            "group": category.group,
            "department": presenters.named(category.default_department),
            "questions": _questions(category),
        }
        for category in active_categories().order_by("sort_order", "name")
    ]


@router.get("/areas", auth=None, response={200: list[KecamatanOut]}, summary="Kecamatan and their kelurahan")
def areas(request: HttpRequest) -> list[dict[str, Any]]:
    kelurahan_by_parent: dict[int | None, list[dict[str, str]]] = {}
    for area in Area.objects.filter(level=AreaLevel.KELURAHAN).defer("boundary").order_by("name"):
        kelurahan_by_parent.setdefault(area.parent_id, []).append({"code": area.code, "name": area.name})
    return [
        {"code": area.code, "name": area.name, "kelurahan": kelurahan_by_parent.get(area.pk, [])}
        for area in kecamatan_list()
    ]


_PHOTO_RESPONSE = {
    "responses": {
        200: {
            "description": "The image (EXIF removed).",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}} for media in sorted(set(PHOTO_TYPES.values()))
            },
        }
    }
}


def _photo(request: HttpRequest, attachment_id: int, citizen_key: str | None, *, thumbnail: bool) -> FileResponse:
    """A photo if the requester may see it: public photos of board reports to anyone, others to the report's
    citizen and to staff who may open the report (the portal's rule); 404 otherwise."""
    found = Attachment.objects.select_related("complaint").filter(pk=attachment_id).first()
    if found is None:
        raise Http404("No such photo")
    own = [found.complaint.tracking_code] if is_citizen_of(found.complaint, user=None, key=citizen_key or "") else []
    attachment = portal_queries.viewable_attachment(attachment_id, user=current_user(request), session_codes=own)
    return photo_response(attachment, thumbnail=thumbnail)


AttachmentId = PathEx[int, P(ge=1, le=2**63 - 1)]
CitizenKey = HeaderEx[str | None, P(alias=CITIZEN_KEY_HEADER, max_length=64)]


@router.get(
    "/photos/{attachment_id}",
    auth=optional_auth,
    url_name="photo",
    response=errors(401, 404, 422),
    openapi_extra={**_PHOTO_RESPONSE, **OPTIONAL_AUTH_OPENAPI},
    summary="A photo (send the token or X-Citizen-Key for photos that are not public yet)",
)
def photo(request: HttpRequest, attachment_id: AttachmentId, citizen_key: CitizenKey = None) -> FileResponse:
    return _photo(request, attachment_id, citizen_key, thumbnail=False)


@router.get(
    "/photos/{attachment_id}/thumbnail",
    auth=optional_auth,
    url_name="photo_thumbnail",
    response=errors(401, 404, 422),
    openapi_extra={**_PHOTO_RESPONSE, **OPTIONAL_AUTH_OPENAPI},
    summary="A photo's thumbnail",
)
def photo_thumbnail(request: HttpRequest, attachment_id: AttachmentId, citizen_key: CitizenKey = None) -> FileResponse:
    return _photo(request, attachment_id, citizen_key, thumbnail=True)
