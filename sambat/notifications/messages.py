"""Which messages a complaint's events cause, to whom, and in which language. Queued in the caller's transaction.

The wording is not here: each message is a kind in `kinds.py`, rendered by `rendering.render_message` from the
admin's template or the default text, with a context of plain strings built below.
"""

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.complaints.choices import EventType, Privacy
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.wording import event_message
from sambat.notifications.actions import queue_message
from sambat.notifications.choices import MessageLanguage, OutboxChannel
from sambat.notifications.kinds import DEADLINE_NAMES
from sambat.notifications.rendering import Rendered, render_message

# Staff work in the city's language.
STAFF_LANGUAGE = MessageLanguage.ID.value

# Which citizen message a public step of a complaint sends (any other public step: "updated").
CITIZEN_UPDATES: dict[str, str] = {
    EventType.PROGRESS: "progress",  # also a department's answers after its first one
    EventType.RESPONDED: "answered",
    EventType.INFO_REQUESTED: "info_requested",
    EventType.RESOLVED: "resolved",
    EventType.REJECTED: "rejected",
    EventType.MERGED: "merged",
}


def citizen_language(complaint: Complaint) -> str:
    """The language the citizen wrote the report in ("en-us" counts as English), else the site's default."""
    for language in (complaint.language.split("-")[0].lower(), settings.LANGUAGE_CODE):
        if language in MessageLanguage.values:
            return language
    return MessageLanguage.ID.value


def _base_url() -> str:
    return settings.SAMBAT_PUBLIC_BASE_URL.rstrip("/")


def _private_url(complaint: Complaint) -> str:
    return _base_url() + reverse("portal:track", args=[complaint.tracking_code]) + f"?k={complaint.citizen_key}"


def _staff_url(complaint: Complaint) -> str:
    return _base_url() + reverse("staff:complaint", args=[complaint.id])


def _context(complaint: Complaint, *, language: str, staff: bool, **extra: str) -> dict[str, str]:
    """The placeholders every message of a complaint has, in `language`; `extra` adds the kind's own."""
    with translation.override(language):
        context = {
            "code": complaint.tracking_code,
            "city": settings.SAMBAT_CITY_NAME,
            "url": _staff_url(complaint) if staff else _private_url(complaint),
            "status": str(complaint.get_status_display()),
            "department": complaint.department.name if complaint.department else "",
            "title": complaint.headline,
        }
    return context | extra


def _render(key: str, complaint: Complaint, *, language: str, staff: bool, **extra: str) -> Rendered:
    return render_message(key, language=language, context=_context(complaint, language=language, staff=staff, **extra))


# --- citizens ------------------------------------------------------------------------------------------------


def _to_citizen(complaint: Complaint, *, key: str, dedupe: str, **extra: str) -> None:
    if not complaint.reporter_email and not (complaint.channel == "sms" and complaint.reporter_phone):
        return
    message = _render(key, complaint, language=citizen_language(complaint), staff=False, **extra)
    if complaint.reporter_email:
        queue_message(
            channel=OutboxChannel.EMAIL,
            recipient=complaint.reporter_email,
            subject=message.subject,
            body=message.body,
            dedupe_key=f"citizen:{dedupe}:email",
            complaint_id=complaint.id,
        )
    if complaint.channel == "sms" and complaint.reporter_phone:
        queue_message(
            channel=OutboxChannel.SMS,
            recipient=complaint.reporter_phone,
            body=f"{message.subject}. {message.body}"[:459],
            dedupe_key=f"citizen:{dedupe}:sms",
            complaint_id=complaint.id,
        )


def complaint_received(complaint: Complaint) -> None:
    _to_citizen(complaint, key="received", dedupe=f"{complaint.id}:received")


def citizen_update(complaint: Complaint, event: ComplaintEvent) -> None:
    """Tell the citizen about a public step: work started, answered, information requested, resolved, rejected,
    merged."""
    with translation.override(citizen_language(complaint)):
        said = event_message(event)
    _to_citizen(
        complaint,
        key=CITIZEN_UPDATES.get(event.event_type, "updated"),
        dedupe=f"{complaint.id}:event:{event.id}",
        message=said,
    )
    _to_supporters(complaint, event)


def _to_supporters(complaint: Complaint, event: ComplaintEvent) -> None:
    """The citizens who support a public complaint hear of its public steps, by e-mail or else SMS."""
    if complaint.privacy == Privacy.CONFIDENTIAL or not event.is_public:
        return
    supporters = User.objects.filter(supported__complaint=complaint, is_active=True).exclude(email="", phone="")
    if not supporters.exists():
        return
    language = citizen_language(complaint)
    with translation.override(language):
        context = {
            "code": complaint.tracking_code,
            "url": _base_url() + reverse("portal:track", args=[complaint.tracking_code]),
            "city": settings.SAMBAT_CITY_NAME,
            "status": str(complaint.get_status_display()),
            "title": complaint.headline,
            "department": complaint.department.name if complaint.department else "",
            "message": event_message(event),
        }
    message = render_message("supporter_update", language=language, context=context)
    for user in supporters.only("id", "email", "phone"):
        channel, recipient = (OutboxChannel.EMAIL, user.email) if user.email else (OutboxChannel.SMS, user.phone)
        queue_message(
            channel=channel,
            recipient=recipient,
            subject=message.subject if channel == OutboxChannel.EMAIL else "",
            body=message.body if channel == OutboxChannel.EMAIL else f"{message.subject}. {message.body}"[:459],
            dedupe_key=f"supporter:{complaint.id}:event:{event.id}:user:{user.id}",
            complaint_id=complaint.id,
        )


def complaint_assigned(complaint: Complaint) -> None:
    """A department received the complaint (routed, assigned by a verifier or moved): the citizen and the
    department's inbox hear of it."""
    department = complaint.department
    if department is None:
        return
    moment = f"{department.id}:{complaint.assigned_at}"
    _to_citizen(complaint, key="routed", dedupe=f"{complaint.id}:assigned:{moment}")
    _to_staff(
        complaint,
        key="staff_assigned",
        recipients=_department_inbox(complaint),
        dedupe=f"dept:{complaint.id}:assigned:{moment}",
        text=complaint.text[:1000],
    )


# --- staff ---------------------------------------------------------------------------------------------------


def _emails(users: "QuerySet[Any]") -> list[str]:
    return sorted(set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def _verifiers() -> list[str]:
    return _emails(User.objects.filter(role=Role.ADMIN))


def _leaders() -> list[str]:
    return _emails(User.objects.filter(role=Role.LEADER))


def _department_staff(complaint: Complaint, role: str) -> list[str]:
    if complaint.department_id is None:
        return []
    return _emails(User.objects.filter(role=role, memberships__department_id=complaint.department_id))


def _department_inbox(complaint: Complaint) -> list[str]:
    """The department's shared address; without one, its officers' own addresses."""
    if complaint.department is None:
        return []
    if complaint.department.email:
        return [complaint.department.email]
    return _department_staff(complaint, Role.OFFICER)


def _to_staff(complaint: Complaint, *, key: str, recipients: list[str], dedupe: str, **extra: str) -> None:
    """One e-mail per recipient; `dedupe` plus the recipient makes each queued at most once."""
    if not recipients:
        return
    message = _render(key, complaint, language=STAFF_LANGUAGE, staff=True, **extra)
    for recipient in recipients:
        queue_message(
            channel=OutboxChannel.EMAIL,
            recipient=recipient,
            subject=message.subject,
            body=message.body,
            dedupe_key=_with_recipient(dedupe, recipient),
            complaint_id=complaint.id,
        )


def _with_recipient(dedupe: str, recipient: str) -> str:
    key = f"{dedupe}:{recipient}"
    if len(key) <= 200:
        return key
    # The key column holds 200 characters: keep the distinguishing tail rather than cutting the recipient off.
    return f"{dedupe[:150]}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def _triage_event_id(complaint: Complaint) -> int | None:
    """The step that put the complaint in the verifiers' queue: each arrival there is news, once."""
    return (
        complaint.events.filter(event_type__in=[EventType.SENT_TO_TRIAGE, EventType.RETURNED])
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )


def staff_triage(complaint: Complaint) -> None:
    """A complaint waits for verification (no department found, or returned as not their remit): the verifiers."""
    _to_staff(
        complaint,
        key="staff_triage",
        recipients=_verifiers(),
        dedupe=f"triage:{complaint.id}:{_triage_event_id(complaint)}",
        reason=complaint.triage_reason,
        text=complaint.text[:1000],
    )


def staff_instruction(complaint: Complaint, event: ComplaintEvent) -> None:
    _to_staff(
        complaint,
        key="staff_instruction",
        recipients=_department_inbox(complaint),
        dedupe=f"dept:{complaint.id}:instruction:{event.id}",
        message=event.internal_note,
    )


def staff_citizen_replied(complaint: Complaint, event: ComplaintEvent) -> None:
    """The department hears the citizen's answer, or that the citizen reopened the resolved complaint."""
    with translation.override(STAFF_LANGUAGE):
        said = event_message(event)
    _to_staff(
        complaint,
        key="staff_reopened" if event.event_type == EventType.REOPENED else "staff_citizen_replied",
        recipients=_department_inbox(complaint),
        dedupe=f"dept:{complaint.id}:citizen:{event.id}",
        message=said,
    )


# --- Deadlines: reminder before, warning (teguran) at, escalation after (called by the ladder) -------------------


def _sla_recipients(complaint: Complaint, *, deadline: str, step: str) -> list[str]:
    """Who hears about a deadline: verifiers for verification, else the department's officers (reminder), its
    head(s) (warning); the leaders for every escalation. The department's own address, when set, joins the
    reminder, and stands in for heads without an e-mail address so that no warning goes nowhere."""
    if step == "escalated":
        return _leaders()
    if deadline == "verify" or complaint.department is None:
        return _verifiers()
    department_email = [complaint.department.email] if complaint.department.email else []
    if step == "reminder":
        return sorted({*_department_staff(complaint, Role.OFFICER), *department_email})
    return _department_staff(complaint, Role.HEAD) or department_email


def _sla_message(complaint: Complaint, *, deadline: str, due_at: dt.datetime, step: str, key: str) -> None:
    with translation.override(STAFF_LANGUAGE):
        due = formats.date_format(timezone.localtime(due_at), "DATETIME_FORMAT")
    _to_staff(
        complaint,
        key=key,
        recipients=_sla_recipients(complaint, deadline=deadline, step=step),
        # In UTC, so that the same due time gives the same key whichever time zone the caller's value is in.
        dedupe=f"sla:{complaint.id}:{deadline}:{step}:{due_at.astimezone(dt.UTC):%Y%m%d%H%M}",
        deadline=DEADLINE_NAMES[STAFF_LANGUAGE].get(deadline, deadline),
        due=due,
    )


def sla_reminder(complaint: Complaint, *, deadline: str, due_at: dt.datetime) -> None:
    """Before a deadline: the department's officers (the verifiers for verification)."""
    _sla_message(complaint, deadline=deadline, due_at=due_at, step="reminder", key="sla_reminder")


def sla_warning(complaint: Complaint, *, deadline: str, due_at: dt.datetime) -> None:
    """At a missed deadline: a warning (teguran) to the department's head(s) (the verifiers for verification)."""
    _sla_message(complaint, deadline=deadline, due_at=due_at, step="warning", key="sla_warning")


def sla_escalation(complaint: Complaint, *, deadline: str, due_at: dt.datetime) -> None:
    """Past a deadline by the escalation margin: the leaders."""
    _sla_message(complaint, deadline=deadline, due_at=due_at, step="escalated", key="sla_escalation")
