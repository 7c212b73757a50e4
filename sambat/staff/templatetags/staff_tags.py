"""Display helpers for the staff templates (formatting only; decisions stay in queries)."""

from datetime import datetime

from django import template
from django.utils.translation import gettext as _

from sambat.complaints.choices import ActorKind, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.queries import is_overdue as complaint_is_overdue
from sambat.complaints.wording import event_message

register = template.Library()

_STAFF_ACTOR_KINDS = frozenset({ActorKind.VERIFIER, ActorKind.DEPARTMENT, ActorKind.LEADER})


@register.filter
def is_overdue(complaint: Complaint) -> bool:
    return complaint_is_overdue(complaint)


@register.filter
def due_at(complaint: Complaint) -> datetime | None:
    """The deadline that currently applies: verification, first response or resolution."""
    if complaint.status in (Status.RECEIVED, Status.TRIAGE):
        return complaint.verify_due_at
    if complaint.status == Status.ASSIGNED and complaint.first_response_at is None:
        return complaint.respond_due_at
    if complaint.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        return complaint.resolve_due_at
    return None


@register.filter
def due_label(complaint: Complaint) -> str:
    if complaint.status in (Status.RECEIVED, Status.TRIAGE):
        return _("Verify by")
    if complaint.status == Status.ASSIGNED and complaint.first_response_at is None:
        return _("Respond by")
    if complaint.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        return _("Resolve by")
    if complaint.status == Status.NEEDS_INFO:
        return _("Clock paused")
    return ""


SUGGESTIONS_SHOWN = 3
# Below this a suggestion would read "0%"; the best one is shown whatever its probability.
NEGLIGIBLE_PROBABILITY = 0.005


@register.filter
def percent(share: float | None) -> str:
    """0.873 → "87%"; no figure (nothing to divide by, or nothing at all in a template) → "—"."""
    if not isinstance(share, int | float):
        return "—"
    return f"{round(share * 100)}%"


@register.filter
def suggestions(complaint: Complaint) -> list[dict]:
    """Well-formed routing suggestions only, best three: the list comes from a classifier and is stored as JSON."""
    raw = complaint.routing_suggestions
    if not isinstance(raw, list):
        return []
    cleaned: list[dict] = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("department"):
            continue
        probability = item.get("probability")
        if cleaned and isinstance(probability, int | float) and probability < NEGLIGIBLE_PROBABILITY:
            continue  # a "0%" button after the real candidates only adds noise
        cleaned.append(
            {
                "department": str(item["department"]),
                "name": str(item.get("name") or item["department"]),
                "percent": round(float(probability) * 100) if isinstance(probability, int | float) else None,
            }
        )
        if len(cleaned) == SUGGESTIONS_SHOWN:
            break
    return cleaned


@register.simple_tag
def event_actor(event: ComplaintEvent, identity_visible: bool) -> str:
    """Who acted. Staff are named to staff; a citizen or assistant only when the reporter may be shown."""
    kind_label = ActorKind(event.actor_kind).label if event.actor_kind in ActorKind.values else ""
    if event.actor is None:
        return str(kind_label)
    if event.actor_kind in _STAFF_ACTOR_KINDS or identity_visible:
        name = event.actor.get_full_name() or event.actor.username
        return f"{name} ({kind_label})"
    return str(kind_label)


@register.filter
def message(event: ComplaintEvent) -> str:
    """The event's public text in the reader's language (see complaints.wording)."""
    return event_message(event)
