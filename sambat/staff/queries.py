"""Aggregate reads for the staff screens: status counts, department backlog, overdue list, instructions.

Each function is a fixed number of queries whatever the number of complaints, so the screens stay fast
as the city's history grows. Which complaints a user may see is decided by `complaints.queries`.
"""

from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet

from sambat.accounts.models import User
from sambat.agencies.models import Department
from sambat.complaints.choices import DEPARTMENT_OPEN_STATUSES, EventType, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.queries import InboxFilters, inbox, overdue

# Boundaries are large GeoJSON documents; lists never draw them.
LIST_DEFERRED_FIELDS = ("area__boundary", "kecamatan__boundary")
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    open: int
    overdue: int
    resolved: int
    total: int


def for_list(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """A complaint list as the staff tables need it (related rows joined, polygons left out)."""
    return complaints.defer(*LIST_DEFERRED_FIELDS)


# Above this the inbox says "1000+": an exact figure would cost a scan of the whole overdue backlog.
OVERDUE_COUNT_CAP = 1000


def status_counts(complaints: QuerySet[Complaint]) -> list[StatusCount]:
    """Count per status of `complaints`, in the state machine's order, zeros included (one query).

    COUNT(*) rather than COUNT(id): PostgreSQL then answers from the (department, status, ...) index alone.
    """
    rows = complaints.order_by().values("status").annotate(n=Count("*"))
    by_status = {row["status"]: row["n"] for row in rows}
    return [StatusCount(status=status, count=by_status.get(status.value, 0)) for status in Status]


def inbox_status_counts(user: User, filters: InboxFilters) -> tuple[list[StatusCount], int]:
    """Counts of the user's open work per status, and the overdue count (capped at OVERDUE_COUNT_CAP + 1).

    Finished complaints are not counted: the inbox is for work to do, and counting a department's whole
    history on every page view would grow with it. All filters but status/overdue apply.
    """
    base = inbox(user, replace(filters, status="open", overdue=False))
    overdue_ids = overdue(base).order_by().values("id")[: OVERDUE_COUNT_CAP + 1]
    return status_counts(base), Complaint.objects.filter(id__in=overdue_ids).count()


def department_rows() -> list[DepartmentRow]:
    """Backlog of every department that has complaints, most overdue first (three queries).

    Counting is grouped on the complaint table alone (no join), so its cost grows with the number of
    complaints only; departments that never received one are left out of the table.
    """
    figures = {
        row["department_id"]: row
        for row in Complaint.objects.filter(department__isnull=False)
        .order_by()
        .values("department_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=DEPARTMENT_OPEN_STATUSES)),
            resolved=Count("id", filter=Q(status__in=DONE_STATUSES)),
        )
    }
    overdue_by_department = dict(
        overdue(Complaint.objects.filter(department__isnull=False))
        .order_by()
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    rows = [
        DepartmentRow(
            department=department,
            open=figures[department.id]["open"],
            overdue=overdue_by_department.get(department.id, 0),
            resolved=figures[department.id]["resolved"],
            total=figures[department.id]["total"],
        )
        for department in Department.objects.filter(id__in=figures)
    ]
    rows.sort(key=lambda row: (-row.overdue, -row.open, row.department.name))
    return rows


def overdue_list(limit: int = 50) -> list[Complaint]:
    """The oldest overdue complaints of the whole city."""
    complaints = overdue(Complaint.objects.all()).select_related("category", "department", "kecamatan")
    return list(complaints.defer("kecamatan__boundary").order_by("created_at", "id")[:limit])


def latest_instructions(limit: int = 20) -> list[ComplaintEvent]:
    """The leaders' most recent instructions (disposisi), with their complaint."""
    return list(
        ComplaintEvent.objects.filter(event_type=EventType.INSTRUCTION)
        .select_related("complaint", "complaint__department", "actor")
        .order_by("-created_at", "-id")[:limit]
    )
