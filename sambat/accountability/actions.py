"""The ladder's writes: one transaction per complaint deadline, each step claimed by inserting its SlaNotice.

The steps are recorded on the complaint's staff timeline only (`is_public=False`). The public already sees that a
complaint is late: its tracking page marks it "Overdue" from the stored due dates. Who was reminded,
warned or reported to the leaders is the city's internal accountability, like a leader's instruction.
"""

import datetime as dt
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sambat.accountability import ladder
from sambat.accountability.choices import Deadline, DepartmentEventKind, LadderStep
from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.complaints.choices import ActorKind, EventType
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.notifications import messages as notify


def take_steps(*, complaint_id: int, deadline: str, due_at: dt.datetime, steps: Sequence[str]) -> list[str]:
    """Take the ladder `steps` (in order) for one deadline of one complaint; returns those this call took.

    The complaint row is locked and re-read first, so a deadline that was answered, paused or moved since the
    sweep looked gets nothing. Each step then inserts its SlaNotice in a savepoint: if another sweep inserted it
    first, the unique constraint refuses and the step is skipped, and its event and messages are never written.
    Notice, events and outbox rows commit together or not at all.
    """
    taken: list[str] = []
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("department", "category")
            .filter(pk=complaint_id)
            .first()
        )
        if complaint is None or not ladder.is_running(complaint, deadline=deadline, due_at=due_at):
            return taken
        for step in steps:
            if _claim(complaint, deadline=deadline, step=step, due_at=due_at):
                _STEP_WRITERS[step](complaint, deadline, due_at)
                taken.append(step)
    return taken


def _claim(complaint: Complaint, *, deadline: str, step: str, due_at: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            SlaNotice.objects.create(
                complaint=complaint, deadline=deadline, step=step, due_at=due_at, department=complaint.department
            )
    except IntegrityError:
        return False  # another sweep took this step
    return True


def _describe(deadline: str, due_at: dt.datetime) -> str:
    """ "First response due 5 November 2026 23:59", in the city's language (stored like any internal note)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(deadline)s due %(due)s") % {
            "deadline": Deadline(deadline).label,
            "due": formats.date_format(timezone.localtime(due_at), "DATETIME_FORMAT"),
        }


def _event(complaint: Complaint, *, event_type: str, deadline: str, due_at: dt.datetime) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        event_type=event_type,
        actor=None,
        actor_kind=ActorKind.SYSTEM,
        from_status=complaint.status,
        to_status=complaint.status,
        internal_note=_describe(deadline, due_at),
        is_public=False,
        department=complaint.department,
        data={"deadline": deadline, "due_at": due_at.isoformat()},
    )


def _department_event(complaint: Complaint, *, kind: str, deadline: str, due_at: dt.datetime) -> None:
    # Verification is the verifiers' clock, not a department's: its steps are complaint events only.
    if complaint.department is None:
        return
    DepartmentEvent.objects.create(
        department=complaint.department,
        kind=kind,
        complaint=complaint,
        note=f"{complaint.tracking_code}: {_describe(deadline, due_at)}",
        data={"deadline": deadline, "due_at": due_at.isoformat(), "tracking_code": complaint.tracking_code},
    )


def _remind(complaint: Complaint, deadline: str, due_at: dt.datetime) -> None:
    _event(complaint, event_type=EventType.SLA_REMINDER, deadline=deadline, due_at=due_at)
    notify.sla_reminder(complaint, deadline=deadline, due_at=due_at)


def _warn(complaint: Complaint, deadline: str, due_at: dt.datetime) -> None:
    _event(complaint, event_type=EventType.OVERDUE, deadline=deadline, due_at=due_at)
    _department_event(complaint, kind=DepartmentEventKind.WARNING, deadline=deadline, due_at=due_at)
    notify.sla_warning(complaint, deadline=deadline, due_at=due_at)


def _escalate(complaint: Complaint, deadline: str, due_at: dt.datetime) -> None:
    _event(complaint, event_type=EventType.ESCALATED, deadline=deadline, due_at=due_at)
    _department_event(complaint, kind=DepartmentEventKind.ESCALATION, deadline=deadline, due_at=due_at)
    notify.sla_escalation(complaint, deadline=deadline, due_at=due_at)


_STEP_WRITERS: dict[str, Callable[[Complaint, str, dt.datetime], None]] = {
    LadderStep.REMINDER: _remind,
    LadderStep.WARNING: _warn,
    LadderStep.ESCALATED: _escalate,
}
