"""Reads for the accountability screens: the leaders' escalation queue and the departments' ladder history."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sambat.accountability import ladder
from sambat.accountability.choices import Deadline, LadderStep
from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.agencies.models import Department
from sambat.complaints.choices import OPEN_STATUSES
from sambat.complaints.models import Complaint


def _escalated_on(deadline: str) -> Exists:
    return Exists(
        SlaNotice.objects.filter(
            complaint=OuterRef("pk"),
            deadline=deadline,
            step=LadderStep.ESCALATED,
            due_at=OuterRef(ladder.DUE_FIELDS[deadline]),
        )
    )


def escalated_complaints() -> QuerySet[Complaint]:
    """The leaders' queue: open complaints escalated on a deadline they still run against, oldest first.

    A complaint leaves the queue when the escalated deadline is met (a verifier assigns it, the department
    answers or resolves it) or moves (reassignment, the citizen's reply after a pause); a moved deadline that is
    missed again comes back through the ladder. A question to the citizen counts as the first response, but a
    complaint waiting for the citizen stays in the queue on its resolution deadline: asking does not resolve.
    Each row carries `escalated_at`, its latest escalation.
    """
    latest = (
        SlaNotice.objects.filter(complaint=OuterRef("pk"), step=LadderStep.ESCALATED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Complaint.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(_escalated_on(Deadline.VERIFY), status__in=ladder.VERIFY_STATUSES)
            | Q(_escalated_on(Deadline.RESPOND), first_response_at__isnull=True, department__isnull=False)
            | Q(_escalated_on(Deadline.RESOLVE), department__isnull=False)
        )
        .annotate(escalated_at=Subquery(latest))
        .select_related("category", "department", "kecamatan")
        .order_by("created_at", "pk")
    )


def department_events(
    *,
    department: Department | None = None,
    kinds: list[str] | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[DepartmentEvent]:
    """A department's (or every department's) ladder history, newest first."""
    events = DepartmentEvent.objects.select_related("department", "complaint", "actor")
    if department is not None:
        events = events.filter(department=department)
    if kinds:
        events = events.filter(kind__in=kinds)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if until is not None:
        events = events.filter(created_at__lt=until)
    return events.order_by("-created_at", "-pk")
