"""The escalation ladder's rules, without the database: which deadlines a complaint is running against, and which
steps are due for a deadline at a given moment.

    reminder   from SAMBAT_REMINDER_HOURS before the deadline until the deadline (never after it has passed)
    warning    at and after the deadline: the overdue flag and a teguran to the department head
    escalated  SAMBAT_ESCALATE_AFTER_DAYS working days past the deadline: the leaders' queue

Steps are cumulative: a complaint first seen three days late gets its warning and its escalation together.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from sambat.accountability.choices import Deadline, LadderStep
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.sla.calendar import add_working_days

# Which complaints run against which clock. The verifiers own verification; the department owns the response
# until its first answer and the resolution until it resolves. needs_info stops every clock (paused_at).
VERIFY_STATUSES = (Status.RECEIVED, Status.TRIAGE)
DEPARTMENT_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)

DUE_FIELDS: dict[str, str] = {
    Deadline.VERIFY: "verify_due_at",
    Deadline.RESPOND: "respond_due_at",
    Deadline.RESOLVE: "resolve_due_at",
}


@dataclass(frozen=True)
class RunningDeadline:
    deadline: str
    due_at: dt.datetime


def running_deadlines(complaint: Complaint) -> list[RunningDeadline]:
    """The deadlines the complaint is running against now, in the state it is in."""
    if complaint.paused_at is not None:
        return []
    running: list[RunningDeadline] = []
    if complaint.status in VERIFY_STATUSES and complaint.verify_due_at is not None:
        running.append(RunningDeadline(Deadline.VERIFY, complaint.verify_due_at))
    if complaint.status in DEPARTMENT_STATUSES:
        if complaint.first_response_at is None and complaint.respond_due_at is not None:
            running.append(RunningDeadline(Deadline.RESPOND, complaint.respond_due_at))
        if complaint.resolve_due_at is not None:
            running.append(RunningDeadline(Deadline.RESOLVE, complaint.resolve_due_at))
    return running


def is_running(complaint: Complaint, *, deadline: str, due_at: dt.datetime) -> bool:
    """The complaint still runs against this deadline with this due date (nobody answered or moved it)."""
    return RunningDeadline(deadline, due_at) in running_deadlines(complaint)


def reminder_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.SAMBAT_REMINDER_HOURS)


@dataclass
class EscalationCalendar:
    """When each due date escalates, computed once per local due day within one sweep.

    `add_working_days` depends only on the start's local date, and thousands of complaints share a few due days;
    a sweep-long cache (not a process-long one) still sees leave days an admin adds between sweeps.
    """

    days: int = field(default_factory=lambda: settings.SAMBAT_ESCALATE_AFTER_DAYS)
    _cache: dict[tuple[dt.date, int], dt.datetime] = field(default_factory=dict)

    def escalates_at(self, due_at: dt.datetime) -> dt.datetime:
        return self.after(due_at, self.days)

    def after(self, start: dt.datetime, days: int) -> dt.datetime:
        key = (timezone.localtime(start).date(), days)
        if key not in self._cache:
            self._cache[key] = add_working_days(start, days)
        return self._cache[key]


def steps_due(due_at: dt.datetime, now: dt.datetime, *, escalates_at: dt.datetime) -> list[str]:
    """The ladder steps that should have been taken for a deadline by `now`, in order."""
    if now < due_at:
        return [LadderStep.REMINDER] if now >= due_at - reminder_window() else []
    steps: list[str] = [LadderStep.WARNING]
    if now >= escalates_at:
        steps.append(LadderStep.ESCALATED)
    return steps
