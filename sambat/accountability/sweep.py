"""The periodic SLA sweep: walk the open complaints' deadlines up the ladder and close quiet resolved complaints.

Run by `manage.py sla_sweep` (once or `--loop`) and by the Celery beat task; any number may run at once. Reads are
bounded: each deadline is read in keyset pages of `chunk_size` rows ordered by its due date, only complaints within
the reminder window of their deadline or past it, and never those whose current deadline already reached the top
of the ladder (an anti-join on SlaNotice's unique index). Writes are claimed one step at a time by inserting the
step's SlaNotice in the same transaction as its events and outbox rows (`accountability.actions.take_steps`), so
two sweeps never double a message, and a crash mid-way leaves nothing half done.
"""

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from sambat.accountability import actions, ladder
from sambat.accountability.choices import Deadline, LadderStep
from sambat.accountability.models import SlaNotice
from sambat.agencies.models import Category
from sambat.complaints import actions as complaint_actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.workflow import TransitionNotAllowed

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


@dataclass
class SweepReport:
    """What one sweep did, per step."""

    reminders: int = 0
    warnings: int = 0
    escalations: int = 0
    auto_closed: int = 0
    examined: int = 0  # deadlines and resolved complaints read
    failed: int = 0  # complaints whose step raised (logged; retried by the next sweep)

    def count(self, step: str) -> None:
        if step == LadderStep.REMINDER:
            self.reminders += 1
        elif step == LadderStep.WARNING:
            self.warnings += 1
        elif step == LadderStep.ESCALATED:
            self.escalations += 1

    @property
    def changed(self) -> int:
        return self.reminders + self.warnings + self.escalations + self.auto_closed

    def __str__(self) -> str:
        return (
            f"reminders {self.reminders}, warnings {self.warnings}, escalations {self.escalations}, "
            f"auto-closed {self.auto_closed} ({self.examined} examined, {self.failed} failed)"
        )


def run_sweep(*, now: dt.datetime | None = None, chunk_size: int = CHUNK_SIZE) -> SweepReport:
    """One pass over every running deadline and every resolved complaint; safe to run twice at once."""
    now = now or timezone.now()
    report = SweepReport()
    calendar = ladder.EscalationCalendar()
    for deadline in (Deadline.VERIFY, Deadline.RESPOND, Deadline.RESOLVE):
        _sweep_deadline(deadline, now=now, calendar=calendar, report=report, chunk_size=chunk_size)
    _sweep_resolved(now=now, calendar=calendar, report=report, chunk_size=chunk_size)
    return report


# --- the ladder ---------------------------------------------------------------------------------------------------


def ladder_candidates(deadline: str, *, now: dt.datetime) -> QuerySet[Complaint]:
    """Complaints running against `deadline` that are within the reminder window or past it and not yet escalated.

    Mirrors `ladder.running_deadlines` as a query; filters on the due field, so the partial "open, by due date"
    indexes serve it.
    """
    field = ladder.DUE_FIELDS[deadline]
    if deadline == Deadline.VERIFY:
        complaints = Complaint.objects.filter(status__in=ladder.VERIFY_STATUSES)
    else:
        complaints = Complaint.objects.filter(status__in=ladder.DEPARTMENT_STATUSES)
        if deadline == Deadline.RESPOND:
            complaints = complaints.filter(first_response_at__isnull=True)
    done = SlaNotice.objects.filter(
        complaint=OuterRef("pk"), deadline=deadline, step=LadderStep.ESCALATED, due_at=OuterRef(field)
    )
    return complaints.filter(paused_at__isnull=True, **{f"{field}__lte": now + ladder.reminder_window()}).exclude(
        Exists(done)
    )


def _sweep_deadline(
    deadline: str, *, now: dt.datetime, calendar: ladder.EscalationCalendar, report: SweepReport, chunk_size: int
) -> None:
    field = ladder.DUE_FIELDS[deadline]
    for rows in _keyset_pages(ladder_candidates(deadline, now=now), field, chunk_size):
        report.examined += len(rows)
        # Steps already taken for these due dates: skipped without touching the complaint row.
        taken = set(
            SlaNotice.objects.filter(complaint_id__in=[pk for pk, _due in rows], deadline=deadline).values_list(
                "complaint_id", "step", "due_at"
            )
        )
        for pk, due_at in rows:
            steps = [
                step
                for step in ladder.steps_due(due_at, now, escalates_at=calendar.escalates_at(due_at))
                if (pk, step, due_at) not in taken
            ]
            if not steps:
                continue
            try:
                done = actions.take_steps(complaint_id=pk, deadline=deadline, due_at=due_at, steps=steps)
            except Exception:  # one broken complaint must not stop the city's sweep; the next sweep retries it
                logger.exception("SLA sweep: %s deadline of complaint %s failed", deadline, pk)
                report.failed += 1
                continue
            for step in done:
                report.count(step)


def _keyset_pages(
    complaints: QuerySet[Complaint], field: str, chunk_size: int
) -> Iterator[list[tuple[int, dt.datetime]]]:
    """(pk, value of `field`) pages ordered by (field, pk), each read from where the last one ended.

    Keyset rather than OFFSET: rows the sweep just escalated drop out of the query without shifting the pages.
    """
    last: tuple[int, dt.datetime] | None = None
    while True:
        page = complaints
        if last is not None:
            page = page.filter(Q(**{f"{field}__gt": last[1]}) | Q(**{field: last[1], "pk__gt": last[0]}))
        rows: list[tuple[int, dt.datetime]] = list(page.order_by(field, "pk").values_list("pk", field)[:chunk_size])
        if rows:
            yield rows
        if len(rows) < chunk_size:
            return
        last = rows[-1]


# --- auto-close ---------------------------------------------------------------------------------------------------


def _sweep_resolved(
    *, now: dt.datetime, calendar: ladder.EscalationCalendar, report: SweepReport, chunk_size: int
) -> None:
    """Close resolved complaints whose citizen stayed silent for the category's quiet period (working days)."""
    default = settings.SAMBAT_SLA_AUTOCLOSE_DAYS
    shortest = Category.objects.filter(sla_autoclose_days__gte=1).aggregate(days=Min("sla_autoclose_days"))["days"]
    # N working days are at least N calendar days: nothing resolved more recently than that can be due.
    latest = now - dt.timedelta(days=min(default, shortest or default))
    resolved = Complaint.objects.filter(status=Status.RESOLVED, resolved_at__lte=latest)
    for rows in _keyset_pages(resolved, "resolved_at", chunk_size):
        report.examined += len(rows)
        own_days = dict(
            Complaint.objects.filter(pk__in=[pk for pk, _at in rows]).values_list("pk", "category__sla_autoclose_days")
        )
        for pk, resolved_at in rows:
            if now < calendar.after(resolved_at, own_days.get(pk) or default):
                continue
            complaint = Complaint.objects.get(pk=pk)
            try:
                complaint_actions.auto_close(complaint=complaint, resolved_at=resolved_at)
            except TransitionNotAllowed:
                continue  # reopened, rated, resolved again or closed by another sweep meanwhile
            except Exception:
                logger.exception("SLA sweep: auto-closing complaint %s failed", pk)
                report.failed += 1
                continue
            report.auto_closed += 1
