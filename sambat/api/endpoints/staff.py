"""Staff endpoints: the inbox, a complaint as the staff page shows it, and the department's actions.

Every action goes the web's way: `access_complaint` (404 outside the officer's department), the role check
(403 for an action the role may never take here), the state check (409), the staff page's form for the
input, then the same `complaints.actions` function through the staff page's action table.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.params import P, PathEx, Query
from ninja.schema import Schema

from sambat.api import presenters
from sambat.api.bodies import body_openapi, read_body
from sambat.api.errors import ApiError, errors, field_errors
from sambat.api.forms import bound, files, form_data
from sambat.api.lookups import staff_complaint
from sambat.api.pagination import NEWEST_FIRST, Key, Page, paginate
from sambat.api.schemas import (
    ActionDoneOut,
    InboxQuery,
    MessageIn,
    NoteIn,
    OptionalMessageIn,
    QuestionIn,
    ReasonIn,
    StaffComplaintOut,
    StaffListItemOut,
)
from sambat.api.security import staff_user, token_auth
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.queries import InboxFilters, inbox, permitted_actions, role_actions
from sambat.complaints.workflow import Action, target_status
from sambat.staff import queries as staff_queries
from sambat.staff.action_forms import STAFF_ACTIONS

router = Router(tags=["Staff"], auth=token_auth)

Code = PathEx[str, P(max_length=32, description="Tracking code, e.g. SBT-7K3QX9.")]
DUE_FIRST = (
    Key("resolve_due_at", nullable=True),
    Key("created_at"),
    Key("id", is_datetime=False),
)
INBOX_STATUSES = frozenset({"open", "all", *Status.values})


@router.get(
    "/staff/inbox",
    response={200: Page[StaffListItemOut], **errors(400, 401, 403, 422)},
    summary="The staff inbox: the department's complaints (all of them for verifiers and leaders)",
    description="Open complaints by default, nearest resolution deadline first (`sort=newest` for newest first).",
)
def staff_inbox(request: HttpRequest, filters: Query[InboxQuery]) -> dict[str, Any]:
    user = staff_user(request)
    if filters.status not in INBOX_STATUSES:
        raise field_errors({"status": [_("Unknown status.")]})
    chosen = InboxFilters(
        status=filters.status,
        overdue=filters.overdue,
        category_code=filters.category,
        kecamatan_code=filters.kecamatan,
        query=filters.q,
        department_id=filters.department,
        sort=filters.sort,
    )
    complaints = staff_queries.for_list(inbox(user, chosen))
    rows, next_cursor = paginate(complaints, filters, DUE_FIRST if filters.sort == "due" else NEWEST_FIRST)
    return {"items": [presenters.staff_item(row) for row in rows], "next_cursor": next_cursor}


@router.get(
    "/staff/complaints/{code}",
    response={200: StaffComplaintOut, **errors(401, 403, 404, 422)},
    summary="A complaint as the staff page shows it, with the actions this user may take now",
)
def staff_detail(request: HttpRequest, code: Code) -> dict[str, Any]:
    user = staff_user(request)
    return presenters.staff_view(request, staff_complaint(user, code), user)


def _act(request: HttpRequest, code: str, action: Action, schema: type[Schema], *, photos: bool = False) -> dict:
    user = staff_user(request)
    complaint = staff_complaint(user, code)
    if action not in role_actions(user, complaint):
        raise ApiError(403, "forbidden", _("Your role may not do this on this complaint."))
    if action not in permitted_actions(user, complaint):
        target_status(action, complaint.status)  # raises TransitionNotAllowed with the state's reason: 409
    values, uploads = read_body(request, schema, photos=photos)
    spec = STAFF_ACTIONS[action]
    cleaned = bound(spec.form(form_data(values.model_dump()), files(uploads), complaint=complaint))
    spec.perform(complaint, user, cleaned)
    complaint = Complaint.objects.get(pk=complaint.pk)
    return {"code": complaint.tracking_code, "status": complaint.status, "status_label": complaint.get_status_display()}


_ACTION_ERRORS = errors(400, 401, 403, 404, 409, 413, 415, 422)


@router.post(
    "/staff/complaints/{code}/respond",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(MessageIn),
    summary="Answer the citizen publicly (JSON, or multipart with photos)",
)
def respond(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.RESPOND, MessageIn, photos=True)


@router.post(
    "/staff/complaints/{code}/request-info",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(QuestionIn, photos=False),
    summary="Ask the citizen for information (the deadlines pause until they reply)",
)
def request_info(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.REQUEST_INFO, QuestionIn)


@router.post(
    "/staff/complaints/{code}/resolve",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(MessageIn),
    summary="Mark resolved, with what was done (JSON, or multipart with proof photos)",
)
def resolve(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.RESOLVE, MessageIn, photos=True)


@router.post(
    "/staff/complaints/{code}/return",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(ReasonIn, photos=False),
    summary="Send back to the verifiers: not this department's remit (bukan kewenangan)",
)
def return_to_verifiers(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.RETURN, ReasonIn)


@router.post(
    "/staff/complaints/{code}/note",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(NoteIn, photos=False),
    summary="Add an internal note (never shown to the public)",
)
def note(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.NOTE, NoteIn)


@router.post(
    "/staff/complaints/{code}/start",
    response={200: ActionDoneOut, **_ACTION_ERRORS},
    openapi_extra=body_openapi(OptionalMessageIn, photos=False, required=False),
    summary="Mark in progress, with an optional message to the citizen",
)
def start(request: HttpRequest, code: Code) -> dict:
    return _act(request, code, Action.START, OptionalMessageIn)
