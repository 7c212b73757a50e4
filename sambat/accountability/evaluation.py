"""The two-monthly evaluation: how each department handled the complaints it received in a period.

Every figure is about one cohort: the complaints created in the period (in the city's time zone, both dates
included) that are now with a department. A complaint is attributed to the department that holds it now; one
that was never assigned (still in verification, rejected, merged) is attributed to nobody.

- responded / resolved: the complaint has a first response / is resolved now (a reopened complaint counts as
  resolved again only once the department resolves it again);
- on time: against the due dates stored on the complaint (working days, paused while the citizen is asked),
  so "within SLA" means exactly what the ladder enforced;
- overdue now: open with the department (not waiting for the citizen) and a deadline passed at `now`;
- times are plain elapsed hours from the assignment to the department (its clock starts there and restarts
  when a complaint is moved to it), to the first response and to the resolution;
- late: the first response or the resolution came after its due date, or the complaint is overdue now;
  `late_share` is late complaints over received and `on_time_rate` its complement;
- reopen rate: complaints reopened by the citizen over those resolved at least once.

The ranking orders departments by on-time rate, then by median response time. Departments with fewer than
SAMBAT_EVALUATION_MIN_COMPLAINTS complaints are listed but neither ranked nor put on a list: one late complaint
out of two says little. Of the others, a late share above SAMBAT_BLACK_VEST_LATE_PERCENT puts a department on
the period's black-vest list (rompi hitam); the first SAMBAT_HONOUR_LIST_SIZE ranked departments not on it
make the honour list.

On PostgreSQL everything is one grouped query (`percentile_cont` for the medians and 90th percentiles) that
reads the covering index complaint_evaluation_idx rather than the table; elsewhere (SQLite, small data) the
percentiles come from a second query's durations, in Python.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, Q, QuerySet
from django.utils import timezone

from sambat.accountability.choices import DepartmentEventKind
from sambat.accountability.models import DepartmentEvent
from sambat.accounts.models import User
from sambat.agencies.models import Department
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint

BLACK_VEST = "black_vest"
HONOUR = "honour"

# With the department and its clock running: a complaint waiting for the citizen (needs_info) is paused.
_RUNNING_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)
# Not the department's work: a duplicate folded into another complaint, or one the verifiers refused.
_NOT_ATTRIBUTED = (Status.MERGED, Status.REJECTED)


@dataclass
class DepartmentFigures:
    """One department's figures for a period (see the module docstring for what each one counts)."""

    department: Department
    received: int
    responded: int
    responded_on_time: int
    resolved: int
    resolved_on_time: int
    overdue_now: int
    response_hours_median: float | None
    response_hours_p90: float | None
    resolution_hours_median: float | None
    resolution_hours_p90: float | None
    rating_average: float | None
    ratings: int
    reopened: int
    reopen_rate: float | None
    on_time_rate: float | None
    late_share: float | None
    rank: int | None
    ladder: str  # BLACK_VEST, HONOUR or ""
    late: int = 0

    @property
    def is_black_vest(self) -> bool:
        return self.ladder == BLACK_VEST

    @property
    def is_honour(self) -> bool:
        return self.ladder == HONOUR


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the city's time zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return since, until


def period_complaints(start: dt.date, end: dt.date) -> QuerySet[Complaint]:
    """The cohort evaluated: received in the period and now with a department."""
    since, until = period_bounds(start, end)
    return Complaint.objects.filter(created_at__gte=since, created_at__lt=until, department__isnull=False).exclude(
        status__in=_NOT_ATTRIBUTED
    )


def overdue_q(now: dt.datetime) -> Q:
    return Q(status__in=_RUNNING_STATUSES) & (
        Q(first_response_at__isnull=True, respond_due_at__lt=now) | Q(resolve_due_at__lt=now)
    )


def late_q(now: dt.datetime) -> Q:
    return Q(first_response_at__gt=F("respond_due_at")) | Q(resolved_at__gt=F("resolve_due_at")) | overdue_q(now)


def evaluate_departments(*, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> list[DepartmentFigures]:
    """Every department that received complaints in [start, end], ranked best first, then the unranked."""
    if start > end:
        raise ValueError("the period starts after it ends")
    now = now or timezone.now()
    complaints = period_complaints(start, end).order_by()
    # Counting department_id (never null here) rather than id: complaint_evaluation_idx holds it, so PostgreSQL
    # answers from the index alone.
    aggregates: dict[str, Any] = {
        "received": Count("department_id"),
        "responded": Count("department_id", filter=Q(first_response_at__isnull=False)),
        "responded_on_time": Count("department_id", filter=Q(first_response_at__lte=F("respond_due_at"))),
        "resolved": Count("department_id", filter=Q(resolved_at__isnull=False)),
        "resolved_on_time": Count("department_id", filter=Q(resolved_at__lte=F("resolve_due_at"))),
        "overdue_now": Count("department_id", filter=overdue_q(now)),
        "late": Count("department_id", filter=late_q(now)),
        "ratings": Count("rating"),
        "rating_average": Avg("rating"),
        "reopened": Count("department_id", filter=Q(reopen_count__gt=0)),
        "ever_resolved": Count("department_id", filter=Q(resolved_at__isnull=False) | Q(reopen_count__gt=0)),
    }
    in_database = connection.vendor == "postgresql"
    if in_database:
        aggregates["response"] = _Percentiles(_hours_between("first_response_at", "assigned_at"), (0.5, 0.9))
        aggregates["resolution"] = _Percentiles(_hours_between("resolved_at", "assigned_at"), (0.5, 0.9))
    rows: dict[int, dict[str, Any]] = {
        row["department_id"]: dict(row) for row in complaints.values("department_id").annotate(**aggregates)
    }
    if not rows:
        return []
    times = (
        {pk: _percentile_figures(row["response"], row["resolution"]) for pk, row in rows.items()}
        if in_database
        else _hours_percentiles_python(complaints)
    )
    departments = Department.objects.in_bulk(list(rows))
    figures = [_figures(departments[pk], row, times.get(pk, {})) for pk, row in rows.items()]
    return _rank(figures)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _figures(department: Department, row: Mapping[str, Any], times: dict[str, float | None]) -> DepartmentFigures:
    received = row["received"]
    late_share = _ratio(row["late"], received)
    return DepartmentFigures(
        department=department,
        received=received,
        responded=row["responded"],
        responded_on_time=row["responded_on_time"],
        resolved=row["resolved"],
        resolved_on_time=row["resolved_on_time"],
        overdue_now=row["overdue_now"],
        response_hours_median=times.get("response_p50"),
        response_hours_p90=times.get("response_p90"),
        resolution_hours_median=times.get("resolution_p50"),
        resolution_hours_p90=times.get("resolution_p90"),
        rating_average=float(row["rating_average"]) if row["rating_average"] is not None else None,
        ratings=row["ratings"],
        reopened=row["reopened"],
        reopen_rate=_ratio(row["reopened"], row["ever_resolved"]),
        on_time_rate=None if late_share is None else 1 - late_share,
        late_share=late_share,
        rank=None,
        ladder="",
        late=row["late"],
    )


def _rank(figures: list[DepartmentFigures]) -> list[DepartmentFigures]:
    minimum = settings.SAMBAT_EVALUATION_MIN_COMPLAINTS
    threshold = settings.SAMBAT_BLACK_VEST_LATE_PERCENT / 100

    def key(item: DepartmentFigures) -> tuple[float, float, int, str]:
        median = item.response_hours_median
        return (
            -(item.on_time_rate or 0.0),
            math.inf if median is None else median,
            -item.received,
            item.department.name,
        )

    ranked = sorted((item for item in figures if item.received >= minimum), key=key)
    unranked = sorted((item for item in figures if item.received < minimum), key=key)
    honours = 0
    for position, item in enumerate(ranked, start=1):
        item.rank = position
        if item.late_share is not None and item.late_share > threshold:
            item.ladder = BLACK_VEST
        elif honours < settings.SAMBAT_HONOUR_LIST_SIZE:
            item.ladder = HONOUR
            honours += 1
    return ranked + unranked


# --- medians and 90th percentiles ----------------------------------------------------------------------------


class _Percentiles(Aggregate):
    """PostgreSQL's `percentile_cont(ARRAY[...]) WITHIN GROUP (ORDER BY x)`: several percentiles, one sort."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(ARRAY[%(fractions)s]::float8[]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fractions: Sequence[float]) -> None:
        super().__init__(expression, fractions=", ".join(repr(float(f)) for f in fractions))
        # Whatever psycopg returns (a list of floats); the postgres-only ArrayField is not needed for that.
        self.output_field = FloatField()

    def convert_value(self, value: Any, expression: Any, connection: Any) -> Any:  # noqa: ARG002
        return value

    def get_db_converters(self, connection: Any) -> list[Any]:  # noqa: ARG002
        return []


def _hours_between(later: str, earlier: str) -> Func:
    return Func(
        F(later),
        F(earlier),
        # date_part gives a float8; EXTRACT gives a numeric since PostgreSQL 14, several times slower to sort.
        template="date_part('epoch', (%(expressions)s)) / 3600.0::float8",
        arg_joiner=" - ",
        output_field=FloatField(),
    )


def _percentile_figures(
    response: Sequence[float | None] | None, resolution: Sequence[float | None] | None
) -> dict[str, float | None]:
    response = response or (None, None)
    resolution = resolution or (None, None)
    return {
        "response_p50": response[0],
        "response_p90": response[1],
        "resolution_p50": resolution[0],
        "resolution_p90": resolution[1],
    }


def _hours_percentiles_python(complaints: QuerySet[Complaint]) -> dict[int, dict[str, float | None]]:
    response: dict[int, list[float]] = defaultdict(list)
    resolution: dict[int, list[float]] = defaultdict(list)
    rows = complaints.filter(
        Q(first_response_at__isnull=False) | Q(resolved_at__isnull=False), assigned_at__isnull=False
    ).values_list("department_id", "assigned_at", "first_response_at", "resolved_at")
    for department_id, assigned_at, first_response_at, resolved_at in rows.iterator(chunk_size=5000):
        assert assigned_at is not None  # filtered above
        if first_response_at is not None:
            response[department_id].append((first_response_at - assigned_at).total_seconds() / 3600)
        if resolved_at is not None:
            resolution[department_id].append((resolved_at - assigned_at).total_seconds() / 3600)
    return {
        department_id: _percentile_figures(
            [percentile(response[department_id], 0.5), percentile(response[department_id], 0.9)],
            [percentile(resolution[department_id], 0.5), percentile(resolution[department_id], 0.9)],
        )
        for department_id in response.keys() | resolution.keys()
    }


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks, as PostgreSQL's `percentile_cont` computes it."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- the period's lists ------------------------------------------------------------------------------------


def record_period_lists(
    start: dt.date, end: dt.date, actor: User | None = None, *, now: dt.datetime | None = None
) -> list[DepartmentEvent]:
    """Write the period's black-vest and honour lists as DepartmentEvents; recording again adds nothing.

    Returns the events written now (an empty list when the period's lists were already recorded).
    """
    figures = evaluate_departments(start=start, end=end, now=now)
    written = []
    for item in figures:
        if not item.ladder:
            continue
        kind = DepartmentEventKind.BLACK_VEST if item.is_black_vest else DepartmentEventKind.HONOUR
        if DepartmentEvent.objects.filter(
            department=item.department, kind=kind, period_start=start, period_end=end
        ).exists():
            continue
        try:
            with transaction.atomic():
                event = DepartmentEvent.objects.create(
                    department=item.department,
                    kind=kind,
                    period_start=start,
                    period_end=end,
                    actor=actor,
                    data=_event_data(item),
                )
        except IntegrityError:
            continue  # recorded at the same moment by someone else: the constraint keeps one
        written.append(event)
    return written


def _event_data(item: DepartmentFigures) -> dict[str, Any]:
    return {
        "rank": item.rank,
        "received": item.received,
        "late": item.late,
        "late_share": item.late_share,
        "on_time_rate": item.on_time_rate,
        "response_hours_median": item.response_hours_median,
    }
