"""Complaints as the API shows them, built from the same display rules as the web pages.

Public output goes through `portal.display` (personal numbers masked, citizen's words hidden on confidential
complaints, no reporter identity); staff output through the staff page's rules (`reporter_identity_visible`,
`event_actor`). Nothing here decides access: the endpoints have done that through `complaints.queries`.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.models import Area, Category, Department
from sambat.agencies.questions import labelled_answers
from sambat.complaints import queries as complaint_queries
from sambat.complaints.actions import SUPPORTABLE_STATUSES, citizen_photos_window_open
from sambat.complaints.choices import EventType, Privacy
from sambat.complaints.models import Attachment, Complaint, Supporter
from sambat.complaints.workflow import Action
from sambat.lib.redact import redact_personal_data
from sambat.portal import display
from sambat.portal import queries as portal_queries
from sambat.staff.templatetags.staff_tags import event_actor
from sambat.staff.templatetags.staff_tags import message as event_message

CITIZEN_ACTIONS = {Action.CITIZEN_REPLY: "reply", Action.RATE: "rate", Action.REOPEN: "reopen"}


def named(thing: Area | Category | Department | None) -> dict[str, str] | None:
    if thing is None:
        return None
    name = thing.label if isinstance(thing, Category) else thing.name
    return {"code": thing.code, "name": name}


def photo(request: HttpRequest, attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "url": request.build_absolute_uri(reverse("api:photo", args=[attachment.pk])),
        "thumbnail_url": request.build_absolute_uri(reverse("api:photo_thumbnail", args=[attachment.pk])),
    }


def location(complaint: Complaint, *, precise: bool) -> dict[str, float] | None:
    """The pin as set for its own citizen and staff, else as the public sees it (complaints.queries)."""
    point = complaint_queries.map_point(complaint, exact=precise)
    return {"latitude": point[0], "longitude": point[1]} if point else None


def _merged_into(complaint: Complaint) -> str | None:
    # Even this complaint's own citizen is not the reporter of the complaint it was merged into.
    target = complaint_queries.public_merge_target(complaint)
    return target.tracking_code if target else None


def supporter_counts(complaints: Iterable[Complaint]) -> dict[int, int]:
    """Supporters per complaint of a page, in one query."""
    ids = [complaint.pk for complaint in complaints]
    rows = Supporter.objects.filter(complaint_id__in=ids).values("complaint_id").annotate(n=Count("id"))
    return {row["complaint_id"]: row["n"] for row in rows}


def summary(request: HttpRequest, complaint: Complaint, *, supporters: int, own: bool) -> dict[str, Any]:
    """A list item (public board or the citizen's own list). Photos come from the queryset's prefetch."""
    return {
        "code": complaint.tracking_code,
        "kind": complaint.kind,
        "kind_label": str(complaint.get_kind_display()),
        "headline": display.public_headline(complaint),
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "privacy": complaint.privacy,
        "category": named(complaint.category),
        "department": named(complaint.department),
        "kecamatan": named(complaint.kecamatan),
        "kelurahan": named(complaint.area),
        "location": location(complaint, precise=own),
        "photos": [photo(request, attachment) for attachment in complaint.attachments.all()],
        "supporters": supporters,
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
    }


def _you_may(complaint: Complaint, *, citizen: bool, user: User | None) -> list[str]:
    permitted = complaint_queries.citizen_actions(complaint) if citizen else frozenset()
    allowed = [name for action, name in CITIZEN_ACTIONS.items() if action in permitted]
    if citizen and citizen_photos_window_open(complaint):
        allowed.append("add_photos")
    if (
        user is not None
        and user.role == Role.CITIZEN
        and complaint.reporter_id != user.id
        and complaint.privacy != Privacy.CONFIDENTIAL
        and complaint.status in SUPPORTABLE_STATUSES
    ):
        supports = Supporter.objects.filter(complaint=complaint, user=user).exists()
        allowed.append("withdraw_support" if supports else "support")
    return allowed


def complaint_view(request: HttpRequest, complaint: Complaint, *, citizen: bool, user: User | None) -> dict[str, Any]:
    """The tracking page's content: in full to the complaint's citizen, without identity to anyone else."""
    events = list(portal_queries.timeline(complaint, citizen=citizen))
    show_content = display.content_visible(complaint, citizen=citizen)
    deadline = display.current_deadline(complaint)
    allowed = _you_may(complaint, citizen=citizen, user=user)
    return {
        "code": complaint.tracking_code,
        "kind": complaint.kind,
        "kind_label": str(complaint.get_kind_display()),
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "privacy": complaint.privacy,
        "headline": display.public_headline(complaint) if show_content else "",
        "text": redact_personal_data(complaint.text) if show_content else None,
        "address": redact_personal_data(complaint.address) if show_content else None,
        "answers": [
            {"question": question, "answer": answer}
            for question, answer in (display.extra_answer_rows(complaint) if show_content else [])
        ],
        "category": named(complaint.category) if show_content else None,
        "department": named(complaint.department),
        "kecamatan": named(complaint.kecamatan) if show_content else None,
        "kelurahan": named(complaint.area) if show_content else None,
        "location": location(complaint, precise=citizen) if show_content else None,
        "created_at": complaint.created_at,
        "deadline": (
            {"label": str(deadline.label), "due_at": deadline.due_at, "paused": deadline.paused} if deadline else None
        ),
        "overdue": complaint_queries.is_overdue(complaint),
        "rating": complaint.rating,
        "merged_into": _merged_into(complaint),
        "supporters": complaint.supporters.count(),
        "timeline": [
            {
                "type": entry.event.event_type,
                "type_label": str(entry.event.get_event_type_display()),
                "at": entry.event.created_at,
                "actor": entry.actor,
                "status": entry.event.to_status,
                "message": entry.message,
                "rating": _rating(entry.event.data) if entry.event.event_type == EventType.RATED else None,
                "photos": [photo(request, attachment) for attachment in entry.photos],
            }
            for entry in display.timeline_entries(complaint, events, citizen=citizen)
        ],
        "yours": citizen,
        "you_may": allowed,
        "open_question": display.open_question(events) if "reply" in allowed else "",
    }


def _rating(data: object) -> int | None:
    rating = data.get("rating") if isinstance(data, dict) else None
    return rating if isinstance(rating, int) else None


# --- staff ----------------------------------------------------------------------------------------------------


def staff_item(complaint: Complaint) -> dict[str, Any]:
    return {
        "id": complaint.pk,
        "code": complaint.tracking_code,
        "headline": complaint.headline,
        "kind": complaint.kind,
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "privacy": complaint.privacy,
        "category": named(complaint.category),
        "department": named(complaint.department),
        "kecamatan": named(complaint.kecamatan),
        "created_at": complaint.created_at,
        "verify_due_at": complaint.verify_due_at,
        "respond_due_at": complaint.respond_due_at,
        "resolve_due_at": complaint.resolve_due_at,
        "overdue": complaint_queries.is_overdue(complaint),
    }


def staff_view(request: HttpRequest, complaint: Complaint, user: User) -> dict[str, Any]:
    """What the staff complaint page shows this user (the caller checked access with `access_complaint`)."""
    identity_visible = complaint_queries.reporter_identity_visible(user, complaint)
    events = list(complaint_queries.staff_events(complaint))
    reporter = None
    if identity_visible:
        reporter = {
            "name": complaint.reporter_name,
            "phone": complaint.reporter_phone,
            "email": complaint.reporter_email,
            "account": complaint.reporter.username if complaint.reporter else None,
        }
    return {
        "id": complaint.pk,
        "code": complaint.tracking_code,
        "kind": complaint.kind,
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "privacy": complaint.privacy,
        "channel": complaint.channel,
        "title": complaint.title,
        "text": complaint.text,
        "address": complaint.address,
        "answers": [
            {"question": question, "answer": answer}
            for question, answer in labelled_answers(complaint.category, complaint.extra)
        ],
        "category": named(complaint.category),
        "department": named(complaint.department),
        "kecamatan": named(complaint.kecamatan),
        "kelurahan": named(complaint.area),
        "location": location(complaint, precise=True),
        "triage_reason": complaint.triage_reason,
        "created_at": complaint.created_at,
        "verify_due_at": complaint.verify_due_at,
        "respond_due_at": complaint.respond_due_at,
        "resolve_due_at": complaint.resolve_due_at,
        "overdue": complaint_queries.is_overdue(complaint),
        "rating": complaint.rating,
        "supporters": complaint.supporters.count(),
        "reporter": reporter,
        "permitted_actions": sorted(action.value for action in complaint_queries.permitted_actions(user, complaint)),
        "events": [
            {
                "id": event.pk,
                "type": event.event_type,
                "type_label": str(event.get_event_type_display()),
                "at": event.created_at,
                "actor": event_actor(event, identity_visible),
                "department": str(event.department) if event.department else None,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "message": event_message(event),
                "internal_note": event.internal_note,
                "is_public": event.is_public,
                "photos": [photo(request, attachment) for attachment in event.attachments.all()],
            }
            for event in events
        ],
    }
