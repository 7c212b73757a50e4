"""What the portal shows of a complaint: redacted text, timeline entries, answers and deadlines.

Every text a citizen or an officer typed passes through `redact_personal_data` before it reaches a
public page; templates escape it on output.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from sambat.agencies.questions import labelled_answers
from sambat.complaints.choices import ActorKind, EventType, Privacy, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.wording import event_message
from sambat.lib.redact import redact_personal_data

HEADLINE_LENGTH = 90
# Events whose public message the citizen wrote: hidden from others on confidential complaints.
_CITIZEN_VOICES = frozenset({ActorKind.CITIZEN, ActorKind.ASSISTANT})


def public_headline(complaint: Complaint) -> str:
    """Title or first line of the text, redacted before it is shortened so no number is cut in half."""
    if complaint.title:
        return redact_personal_data(complaint.title)
    text = redact_personal_data(complaint.text.strip())
    first_line = text.splitlines()[0] if text else ""
    if len(first_line) > HEADLINE_LENGTH:
        return first_line[:HEADLINE_LENGTH].rstrip() + "…"
    return first_line


def content_visible(complaint: Complaint, *, citizen: bool) -> bool:
    """Confidential complaints show their content to their own citizen only."""
    return citizen or complaint.privacy != Privacy.CONFIDENTIAL


@dataclass(frozen=True)
class TimelineEntry:
    event: ComplaintEvent
    actor: str
    message: str
    photos: list[Attachment]


def timeline_entries(complaint: Complaint, events: list[ComplaintEvent], *, citizen: bool) -> list[TimelineEntry]:
    show_citizen_words = content_visible(complaint, citizen=citizen)
    entries = []
    for event in events:
        if event.actor_kind == ActorKind.DEPARTMENT and event.department is not None:
            actor = str(event.department)
        else:
            actor = str(ActorKind(event.actor_kind).label)
        message = event_message(event)
        if event.actor_kind in _CITIZEN_VOICES and not show_citizen_words:
            message = ""
        entries.append(
            TimelineEntry(
                event=event,
                actor=actor,
                message=redact_personal_data(message),
                photos=list(event.attachments.all()),
            )
        )
    return entries


def extra_answer_rows(complaint: Complaint) -> list[tuple[str, str]]:
    """(question label, answer) pairs for public pages, personal numbers masked."""
    return [
        (label, redact_personal_data(answer)) for label, answer in labelled_answers(complaint.category, complaint.extra)
    ]


@dataclass(frozen=True)
class Deadline:
    label: str
    due_at: datetime | None
    paused: bool = False


def current_deadline(complaint: Complaint) -> Deadline | None:
    """The deadline that applies in the complaint's state (DESIGN §2), for the tracking page."""
    status = complaint.status
    if status in (Status.RECEIVED, Status.TRIAGE):
        return Deadline(_("Verification due"), complaint.verify_due_at)
    if status == Status.ASSIGNED and complaint.first_response_at is None and complaint.respond_due_at:
        return Deadline(_("Response due"), complaint.respond_due_at)
    if status in (Status.ASSIGNED, Status.IN_PROGRESS):
        return Deadline(_("Resolution due"), complaint.resolve_due_at)
    if status == Status.NEEDS_INFO:
        return Deadline(_("Deadline paused until the citizen replies"), None, paused=True)
    return None


def open_question(events: list[ComplaintEvent]) -> str:
    """The department's latest request for information, shown above the citizen's answer form."""
    for event in reversed(events):
        if event.event_type == EventType.INFO_REQUESTED:
            return redact_personal_data(event_message(event))
    return ""
