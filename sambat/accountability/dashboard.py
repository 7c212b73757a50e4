"""Figures for the leaders' dashboard: volume and backlog, overdue by department, response times, where and what.

Every function aggregates in the database with a fixed number of queries, whatever the size of the city's
history, and reads only the recent rows through indexes (see migration 0002_dashboard_indexes), so the page stays
fast at a million complaints. Weeks start on Monday in the city's time zone.

Definitions, kept simple so a leader can check them:
- received in a week: complaints created that week (every kind and state);
- finished in a week: complaints resolved that week, or closed without a resolution (rejected, merged);
- backlog at the end of a week: complaints received by then and not finished by then. It is derived from the
  open complaints now and the weekly counts since (backlog(t) = open now + finished after t - received after t),
  so it costs three small queries instead of a scan of the whole history per week;
- response time: plain elapsed hours from assignment to the department's first response, grouped by the week
  of the response (the median of the responses given that week).
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, QuerySet
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone, translation

from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category, Department
from sambat.complaints.choices import OPEN_STATUSES, Status
from sambat.complaints.models import Complaint
from sambat.complaints.queries import overdue

WEEKS = 12
RECENT_DAYS = 90
TOP_CATEGORIES = 10
# A minute of delay is nothing for a leader's overview, and it spares the database a burst of identical reads.
CACHE_SECONDS = 60
CACHE_KEY = "accountability:dashboard:v1"
# Figures of weeks that are over change (almost) never: kept this long (see `_by_week`).
WEEK_CACHE_SECONDS = 6 * 3600
# The states in which `complaints.queries.overdue` can call a complaint late (index complaint_overdue_dept_idx).
LATE_CAPABLE_STATUSES = (Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS)


@dataclass(frozen=True)
class WeekFigures:
    week: date  # the Monday
    received: int
    finished: int
    backlog: int


@dataclass(frozen=True)
class DepartmentOverdue:
    department_id: int | None  # None: not routed yet, overdue for verification
    name: str
    count: int


@dataclass(frozen=True)
class ResponseWeek:
    week: date
    responses: int
    median_hours: float | None


@dataclass(frozen=True)
class AreaCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class CategoryCount:
    category_id: int
    name: str
    name_en: str
    count: int


@dataclass(frozen=True)
class DashboardFigures:
    generated_at: datetime
    weeks: list[WeekFigures]
    overdue: list[DepartmentOverdue]
    response_times: list[ResponseWeek]
    kelurahan: list[AreaCount]
    categories: list[CategoryCount]
    recent_since: datetime


class _Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5) of an interval (SQLite has no ordered-set aggregates)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


# --- time windows ------------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def window_start(now: datetime, weeks: int = WEEKS) -> datetime:
    """Midnight (city time) of the Monday that opens the window of `weeks` weeks ending with the current one."""
    first_monday = week_start(timezone.localdate(now)) - timedelta(weeks=weeks - 1)
    return timezone.make_aware(datetime.combine(first_monday, time.min))


def evaluation_period(today: date) -> tuple[date, date]:
    """The two-month evaluation period holding `today`: January–February, March–April, ... (end inclusive)."""
    first_month = today.month - (today.month - 1) % 2
    start = date(today.year, first_month, 1)
    after = date(today.year + 1, 1, 1) if first_month == 11 else date(today.year, first_month + 2, 1)
    return start, after - timedelta(days=1)


def _mondays(now: datetime, weeks: int) -> list[date]:
    first = window_start(now, weeks).date()
    return [first + timedelta(weeks=i) for i in range(weeks)]


def _week_key(value: datetime | date) -> date:
    """The Monday of a TruncWeek value (an aware datetime on both databases)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _weekly_counts(queryset: QuerySet[Any], field: str) -> dict[date, int]:
    rows = queryset.annotate(week=TruncWeek(field)).order_by().values("week").annotate(n=Count("*"))
    return {_week_key(row["week"]): row["n"] for row in rows}


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_week(
    name: str,
    compute: Callable[[datetime, datetime], dict[date, Any]],
    *,
    now: datetime,
    weeks: int,
    use_cache: bool,
) -> dict[date, Any]:
    """Per-week figures of the window: the current week computed now, finished weeks from the cache.

    A finished week's received complaints and first responses never change, so at a million complaints the
    page reads one week of rows instead of twelve. (A finished week's "finished" count can still drift by a
    complaint reopened and resolved again; WEEK_CACHE_SECONDS bounds that.)
    """
    mondays = _mondays(now, weeks)
    current = mondays[-1]
    if not use_cache:
        return compute(_midnight(mondays[0]), now)
    keys = {monday: f"accountability:dashboard:{name}:{monday.isoformat()}" for monday in mondays[:-1]}
    found = cache.get_many(list(keys.values()))
    figures = {monday: found[key] for monday, key in keys.items() if key in found}
    missing = [monday for monday in mondays[:-1] if monday not in figures]
    if missing:
        computed = compute(_midnight(missing[0]), _midnight(current))
        fresh = {monday: computed.get(monday) for monday in missing}
        figures.update(fresh)
        cache.set_many({keys[monday]: value for monday, value in fresh.items()}, WEEK_CACHE_SECONDS)
    figures.update({week: value for week, value in compute(_midnight(current), now).items() if week == current})
    return {monday: value for monday, value in figures.items() if value is not None}


def _finished_at() -> Coalesce:
    # A resolved complaint keeps resolved_at when it is later closed; rejected and merged ones only have closed_at.
    return Coalesce("resolved_at", "closed_at")


# --- the figures -------------------------------------------------------------------------------------------


def _received(start: datetime, end: datetime) -> dict[date, int]:
    return _weekly_counts(Complaint.objects.filter(created_at__gte=start, created_at__lt=end), "created_at")


def _finished(start: datetime, end: datetime) -> dict[date, int]:
    rows = Complaint.objects.annotate(finished_at=_finished_at()).filter(finished_at__gte=start, finished_at__lt=end)
    return _weekly_counts(rows, "finished_at")


def weekly_volume(
    *, now: datetime | None = None, weeks: int = WEEKS, use_cache: bool | None = None
) -> list[WeekFigures]:
    """Received, finished and the backlog at the end of each of the last `weeks` weeks (three queries).

    `use_cache` (default: when `now` is not given) reads finished weeks from the cache (`_by_week`)."""
    use_cache = now is None if use_cache is None else use_cache
    now = now or timezone.now()
    received = _by_week("received", _received, now=now, weeks=weeks, use_cache=use_cache)
    finished = _by_week("finished", _finished, now=now, weeks=weeks, use_cache=use_cache)
    open_now = Complaint.objects.filter(status__in=OPEN_STATUSES).count()

    mondays = _mondays(now, weeks)
    figures = []
    for index, monday in enumerate(mondays):
        later = mondays[index + 1 :]
        # Backlog at the end of this week: what is open now, plus what was finished since, minus what came since.
        backlog = open_now + sum(finished.get(day, 0) for day in later) - sum(received.get(day, 0) for day in later)
        figures.append(
            WeekFigures(
                week=monday, received=received.get(monday, 0), finished=finished.get(monday, 0), backlog=backlog
            )
        )
    return figures


def overdue_by_department() -> list[DepartmentOverdue]:
    """Open complaints past a deadline, per department, most first (one query).

    Complaints not routed yet count under `department_id=None` (late for verification).
    """
    # The status condition is implied by `overdue`; stated, it lets PostgreSQL read the partial index alone.
    rows = (
        overdue(Complaint.objects.filter(status__in=LATE_CAPABLE_STATUSES))
        .order_by()
        .values("department_id")
        .annotate(n=Count("*"))
        .values_list("department_id", "n")
    )
    counts = dict(rows)
    names = {
        department.id: str(department) for department in Department.objects.filter(id__in=[k for k in counts if k])
    }
    result = [
        DepartmentOverdue(
            department_id=department_id, name=names.get(department_id, "") if department_id else "", count=n
        )
        for department_id, n in counts.items()
    ]
    result.sort(key=lambda row: (-row.count, row.department_id is None, row.name))
    return result


def response_time_trend(
    *, now: datetime | None = None, weeks: int = WEEKS, use_cache: bool | None = None
) -> list[ResponseWeek]:
    """Median hours from assignment to first response, per week of the response (one query; finished weeks from
    the cache when `use_cache`, by default when `now` is not given)."""
    use_cache = now is None if use_cache is None else use_cache
    now = now or timezone.now()
    by_week: dict[date, tuple[int, float | None]] = _by_week(
        "responses", _response_weeks, now=now, weeks=weeks, use_cache=use_cache
    )
    return [
        ResponseWeek(
            week=monday, responses=by_week.get(monday, (0, None))[0], median_hours=by_week.get(monday, (0, None))[1]
        )
        for monday in _mondays(now, weeks)
    ]


def _response_weeks(start: datetime, end: datetime) -> dict[date, tuple[int, float | None]]:
    responded = Complaint.objects.filter(
        first_response_at__gte=start, first_response_at__lt=end, assigned_at__isnull=False
    ).order_by()
    wait = ExpressionWrapper(F("first_response_at") - F("assigned_at"), output_field=DurationField())
    by_week: dict[date, tuple[int, float | None]] = {}
    if connection.vendor == "postgresql":
        rows = (
            responded.annotate(week=TruncWeek("first_response_at"))
            .values("week")
            .annotate(n=Count("*"), middle=_Median(wait))
        )
        for row in rows:
            hours = row["middle"].total_seconds() / 3600 if row["middle"] is not None else None
            by_week[_week_key(row["week"])] = (row["n"], hours)
    else:
        # The embedded SQLite default serves a small city: the waits are few enough to sort here.
        waits: dict[date, list[float]] = {}
        responses = responded.annotate(week=TruncWeek("first_response_at")).values(
            "week", "assigned_at", "first_response_at"
        )
        for response in responses:
            if response["first_response_at"] and response["assigned_at"]:  # always, by the filter
                wait_hours = (response["first_response_at"] - response["assigned_at"]).total_seconds() / 3600
                waits.setdefault(_week_key(response["week"]), []).append(wait_hours)
        by_week = {week: (len(values), float(median(values))) for week, values in waits.items()}
    return by_week


def _received_by(field: str, start: datetime, end: datetime) -> dict[int, int]:
    return dict(
        Complaint.objects.filter(created_at__gte=start, created_at__lt=end, **{f"{field}__isnull": False})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values_list(field, "n")
    )


def _recent_counts(field: str, *, since: datetime, now: datetime | None, use_cache: bool) -> dict[int, int]:
    """Complaints received from `since` to now, per value of `field`.

    With `use_cache` (the live page, `since` at a midnight) the days before today are counted once per day and
    kept; only today's complaints are counted on each request.
    """
    end = now or timezone.now()
    if not use_cache:
        return _received_by(field, since, end)
    today = _midnight(timezone.localdate(end))
    key = f"accountability:dashboard:{field}:{since.isoformat()}:{today.date().isoformat()}"
    earlier = cache.get(key)
    if not isinstance(earlier, dict):
        earlier = _received_by(field, since, today)
        cache.set(key, earlier, WEEK_CACHE_SECONDS)
    counts = dict(earlier)
    for value, n in _received_by(field, max(today, since), end).items():
        counts[value] = counts.get(value, 0) + n
    return counts


def complaints_by_kelurahan(
    *, since: datetime, now: datetime | None = None, use_cache: bool = False
) -> list[AreaCount]:
    """Complaints received since `since` per kelurahan, every kelurahan included (zeros too), most first.

    Two queries (three with `use_cache`): the counts grouped on the complaint table alone, and the kelurahan names.
    """
    counts = _recent_counts("area_id", since=since, now=now, use_cache=use_cache)
    areas = Area.objects.filter(level=AreaLevel.KELURAHAN).values_list("id", "code", "name")
    result = [AreaCount(code=code, name=name, count=counts.get(area_id, 0)) for area_id, code, name in areas]
    result.sort(key=lambda row: (-row.count, row.name))
    return result


def top_categories(
    *, since: datetime, limit: int = TOP_CATEGORIES, now: datetime | None = None, use_cache: bool = False
) -> list[CategoryCount]:
    """The categories with the most complaints received since `since` (two queries; three with `use_cache`)."""
    counts = _recent_counts("category_id", since=since, now=now, use_cache=use_cache)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    categories = Category.objects.in_bulk([category_id for category_id, _ in rows])
    return [
        CategoryCount(
            category_id=category_id,
            name=categories[category_id].name,
            name_en=categories[category_id].name_en,
            count=n,
        )
        for category_id, n in rows
        if category_id in categories
    ]


def dashboard_figures(*, now: datetime | None = None, use_cache: bool = True) -> DashboardFigures:
    """Everything the dashboard draws, cached for CACHE_SECONDS (the figures hold no language-dependent text)."""
    if use_cache and now is None:
        cached = cache.get(CACHE_KEY)
        if isinstance(cached, DashboardFigures):
            return cached
    moment = now or timezone.now()
    live = use_cache and now is None
    since = moment - timedelta(days=RECENT_DAYS)
    if live:  # from a midnight, so the days before today can be counted once a day (`_recent_counts`)
        since = _midnight(timezone.localdate(since))
    figures = DashboardFigures(
        generated_at=moment,
        weeks=weekly_volume(now=moment, use_cache=live),
        overdue=overdue_by_department(),
        response_times=response_time_trend(now=moment, use_cache=live),
        kelurahan=complaints_by_kelurahan(since=since, now=moment, use_cache=live),
        categories=top_categories(since=since, now=moment, use_cache=live),
        recent_since=since,
    )
    if use_cache and now is None:
        cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    return figures


def category_label(row: CategoryCount) -> str:
    """The category's name in the language of the request, as `Category.label` gives it."""
    if translation.get_language() == "en" and row.name_en:
        return row.name_en
    return row.name


def as_dict(figures: DashboardFigures) -> dict[str, Any]:
    """Plain data (dates as ISO strings), e.g. for the benchmark's output or a JSON export."""
    data = asdict(figures)
    return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
