"""Citizens' endpoints: report, follow a report, answer, rate, reopen, add photos, support others' reports.

A report may be sent without a token, like the web form; its answer then carries the report's private key
(`citizen_key`), which the app sends as X-Citizen-Key to act on it later. With a token, the account is the
reporter and the key is not needed.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Router, Status, UploadedFile
from ninja.params import HeaderEx, P, PathEx, Query

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.queries import active_categories
from sambat.api import presenters
from sambat.api.bodies import body_openapi, read_body
from sambat.api.errors import errors, field_errors
from sambat.api.forms import bound, files, form_data
from sambat.api.idempotency import intake_key
from sambat.api.limits import count_anonymous_request
from sambat.api.lookups import CITIZEN_KEY_HEADER, citizen_actor, owned_complaint, tracked_complaint
from sambat.api.pagination import Page, PageParams, paginate
from sambat.api.schemas import (
    ComplaintIn,
    ComplaintOut,
    ComplaintSummaryOut,
    RateIn,
    ReopenIn,
    ReplyIn,
    SubmittedOut,
    SupportOut,
)
from sambat.api.security import (
    OPTIONAL_AUTH_OPENAPI,
    current_token,
    current_user,
    optional_auth,
    signed_in_user,
    token_auth,
)
from sambat.complaints import actions
from sambat.complaints.choices import Channel
from sambat.complaints.models import Complaint
from sambat.lib.images import clean_images
from sambat.portal import queries as portal_queries
from sambat.portal.forms import EXTRA_PREFIX, ComplaintForm, RateForm, ReopenForm, ReplyForm, extra_question_fields

router = Router(tags=["Complaints"])

Code = PathEx[str, P(max_length=32, description="Tracking code, e.g. SBT-7K3QX9.")]
CitizenKey = HeaderEx[
    str | None,
    P(
        alias=CITIZEN_KEY_HEADER,
        max_length=64,
        description="The report's private key, for reports sent without a token.",
    ),
]


def _view(request: HttpRequest, complaint: Complaint, *, citizen: bool) -> dict[str, Any]:
    complaint = Complaint.objects.select_related("category", "department", "area", "kecamatan", "merged_into").get(
        pk=complaint.pk
    )
    return presenters.complaint_view(request, complaint, citizen=citizen, user=current_user(request))


# --- reporting ----------------------------------------------------------------------------------------------


def _report_form_data(payload: ComplaintIn, user: User | None) -> dict[str, Any]:
    """The report as the web form's data, so the form's rules apply unchanged."""
    category = None
    if payload.category:
        category = active_categories().filter(code=payload.category).first()
        if category is None:
            raise field_errors({"category": [_("Unknown category. See GET /categories.")]})
    values = payload.model_dump(exclude={"extra", "category"})
    values["category"] = category.pk if category else ""
    if user is not None and user.role == Role.CITIZEN:
        # Like the web form's initial values: the account's contact unless the citizen typed another.
        values["reporter_name"] = values["reporter_name"] or user.get_full_name()
        values["reporter_email"] = values["reporter_email"] or user.email
        values["reporter_phone"] = values["reporter_phone"] or user.phone
    known = {code for code, _field in extra_question_fields(category).values()}
    unknown = sorted(set(payload.extra) - known)
    if unknown:
        raise field_errors({f"extra.{code}": [_("This category has no such question.")] for code in unknown})
    data = form_data(values)
    for code, answer in payload.extra.items():
        data[EXTRA_PREFIX + code] = answer
    return data


def _filed_by(request: HttpRequest, user: User | None) -> dict[str, Any]:
    token = current_token(request)
    channel_name = token.name if token is not None else ""
    if user is not None and user.is_active and user.role == Role.KIM:
        return {"channel": Channel.ASSISTED, "assisted_by": user, "channel_name": channel_name}
    reporter = user if user is not None and user.role == Role.CITIZEN else None
    return {"channel": Channel.APP, "reporter": reporter, "channel_name": channel_name}


@router.post(
    "/complaints",
    auth=optional_auth,
    response={201: SubmittedOut, **errors(400, 401, 409, 413, 415, 422, 429)},
    openapi_extra={**body_openapi(ComplaintIn), **OPTIONAL_AUTH_OPENAPI},
    summary="Send a report (JSON, or multipart/form-data with photos)",
    description="Without a token, like the web form, and limited per address. With an Idempotency-Key, a "
    "retried submission returns the first report.",
)
def submit(request: HttpRequest) -> Status:
    user = current_user(request)
    if user is None:
        count_anonymous_request(request, "submit")
    payload, uploads = read_body(request, ComplaintIn)
    filed_by = _filed_by(request, user)
    form = ComplaintForm(
        _report_form_data(payload, user), files(uploads), assisted=filed_by["channel"] == Channel.ASSISTED
    )
    bound(form)
    submission = form.submission() | {"intake_key": intake_key(request)}
    complaint = actions.submit_complaint(**submission, **filed_by, language=get_language() or "")
    has_account = complaint.reporter_id is not None or complaint.assisted_by_id is not None
    return Status(
        201,
        {
            "complaint": _view(request, complaint, citizen=True),
            "tracking_url": settings.SAMBAT_PUBLIC_BASE_URL.rstrip("/") + complaint.get_absolute_url(),
            "citizen_key": None if has_account else complaint.citizen_key,
        },
    )


@router.post(
    "/complaints/{code}/photos",
    auth=optional_auth,
    response={201: ComplaintOut, **errors(401, 403, 404, 409, 413, 422, 429)},
    openapi_extra=OPTIONAL_AUTH_OPENAPI,
    summary="Add photos to your report",
    description="Allowed to the report's citizen within 24 hours of sending it and until the department first "
    "acts on it; at most the site's photo limit in total. Later, send photos with a reply.",
)
def add_photos(
    request: HttpRequest, code: Code, photos: File[list[UploadedFile]], citizen_key: CitizenKey = None
) -> Status:
    user = current_user(request)
    complaint = owned_complaint(request, code, user=user, key=citizen_key or "")
    cleaned = clean_images(list(photos))
    actions.add_citizen_photos(complaint=complaint, photos=cleaned, actor=citizen_actor(complaint, user))
    return Status(201, _view(request, complaint, citizen=True))


# --- following a report -------------------------------------------------------------------------------------


@router.get(
    "/complaints/{code}",
    auth=optional_auth,
    response={200: ComplaintOut, **errors(401, 404, 422, 429)},
    openapi_extra=OPTIONAL_AUTH_OPENAPI,
    summary="A report and its timeline, as its tracking page shows it",
    description="Its citizen (token of its reporter, or X-Citizen-Key) sees it in full; anyone else sees it "
    "without identity, and gets 404 for a confidential report.",
)
def track(request: HttpRequest, code: Code, citizen_key: CitizenKey = None) -> dict[str, Any]:
    complaint, citizen = tracked_complaint(request, code, user=current_user(request), key=citizen_key or "")
    return _view(request, complaint, citizen=citizen)


@router.get(
    "/me/complaints",
    auth=token_auth,
    response={200: Page[ComplaintSummaryOut], **errors(400, 401, 422)},
    summary="The signed-in citizen's reports (and a KIM assistant's filed ones), newest first",
)
def my_complaints(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = signed_in_user(request)
    rows, next_cursor = paginate(portal_queries.own_complaints(user, []), page)
    counts = presenters.supporter_counts(rows)
    items = [presenters.summary(request, row, supporters=counts.get(row.pk, 0), own=True) for row in rows]
    return {"items": items, "next_cursor": next_cursor}


# --- the citizen's steps --------------------------------------------------------------------------------------

_CITIZEN_STEP_ERRORS = errors(400, 401, 403, 404, 409, 413, 415, 422, 429)


@router.post(
    "/complaints/{code}/reply",
    auth=optional_auth,
    response={200: ComplaintOut, **_CITIZEN_STEP_ERRORS},
    openapi_extra={**body_openapi(ReplyIn), **OPTIONAL_AUTH_OPENAPI},
    summary="Answer the department's request for information (JSON, or multipart with photos)",
)
def reply(request: HttpRequest, code: Code, citizen_key: CitizenKey = None) -> dict[str, Any]:
    user = current_user(request)
    complaint = owned_complaint(request, code, user=user, key=citizen_key or "")
    payload, uploads = read_body(request, ReplyIn)
    data = bound(ReplyForm(form_data(payload.model_dump()), files(uploads)))
    actions.citizen_reply(
        complaint=complaint, message=data["message"], photos=data["photos"], actor=citizen_actor(complaint, user)
    )
    return _view(request, complaint, citizen=True)


@router.post(
    "/complaints/{code}/rate",
    auth=optional_auth,
    response={200: ComplaintOut, **_CITIZEN_STEP_ERRORS},
    openapi_extra=OPTIONAL_AUTH_OPENAPI,
    summary="Rate the handling (1–5); rating a resolved report confirms and closes it",
)
def rate(request: HttpRequest, code: Code, payload: RateIn, citizen_key: CitizenKey = None) -> dict[str, Any]:
    user = current_user(request)
    complaint = owned_complaint(request, code, user=user, key=citizen_key or "")
    data = bound(RateForm(form_data(payload.model_dump())))
    actions.rate_complaint(
        complaint=complaint, rating=data["rating"], comment=data["comment"], actor=citizen_actor(complaint, user)
    )
    return _view(request, complaint, citizen=True)


@router.post(
    "/complaints/{code}/reopen",
    auth=optional_auth,
    response={200: ComplaintOut, **_CITIZEN_STEP_ERRORS},
    openapi_extra=OPTIONAL_AUTH_OPENAPI,
    summary="Reopen a resolved report that is not solved (within the reopening period)",
)
def reopen(request: HttpRequest, code: Code, payload: ReopenIn, citizen_key: CitizenKey = None) -> dict[str, Any]:
    user = current_user(request)
    complaint = owned_complaint(request, code, user=user, key=citizen_key or "")
    data = bound(ReopenForm(form_data(payload.model_dump())))
    actions.reopen_complaint(complaint=complaint, reason=data["reason"], actor=citizen_actor(complaint, user))
    return _view(request, complaint, citizen=True)


# --- supporting others' reports ---------------------------------------------------------------------------------


def _supportable(request: HttpRequest, code: str) -> tuple[Complaint, User]:
    user = signed_in_user(request)
    complaint, _citizen = tracked_complaint(request, code, user=user)
    return complaint, user


def _support_out(complaint: Complaint, user: User) -> dict[str, Any]:
    return {
        "supported": complaint.supporters.filter(user=user).exists(),
        "supporters": complaint.supporters.count(),
    }


@router.post(
    "/complaints/{code}/support",
    auth=token_auth,
    response={200: SupportOut, **errors(401, 403, 404, 409, 422, 429)},
    summary="Support (+1) and follow a report on the public board",
)
def support(request: HttpRequest, code: Code) -> dict[str, Any]:
    complaint, user = _supportable(request, code)
    actions.support_complaint(complaint=complaint, user=user)
    return _support_out(complaint, user)


@router.delete(
    "/complaints/{code}/support",
    auth=token_auth,
    response={200: SupportOut, **errors(401, 404, 422, 429)},
    summary="Withdraw your support",
)
def withdraw_support(request: HttpRequest, code: Code) -> dict[str, Any]:
    complaint, user = _supportable(request, code)
    actions.withdraw_support(complaint=complaint, user=user)
    return _support_out(complaint, user)
