"""The public statistics page: how each department handles complaints, as aggregates only.

The figures are those of the two-monthly evaluation (`accountability.evaluation`), so the public sees the same
numbers the leaders do: received, on-time rate, median hours to the first response and the average rating.
Nothing about a single complaint or person leaves this module: only department names and numbers, and a
department that received no complaint in a window is not listed. Cached briefly, since anyone may ask.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone

from sambat.accountability.dashboard import evaluation_period
from sambat.accountability.evaluation import evaluate_departments

CACHE_KEY = "portal:statistics:v1"
CACHE_SECONDS = 300
RECENT_DAYS = 90


@dataclass(frozen=True)
class DepartmentRow:
    name: str
    received: int
    on_time_percent: float | None
    response_hours_median: float | None
    rating_average: float | None
    ratings: int


@dataclass(frozen=True)
class Window:
    key: str  # "recent" or "period"
    start: date
    end: date
    rows: list[DepartmentRow]


def _rows(start: date, end: date) -> list[DepartmentRow]:
    rows = [
        DepartmentRow(
            name=figures.department.name,
            received=figures.received,
            on_time_percent=None if figures.on_time_rate is None else round(figures.on_time_rate * 100, 1),
            response_hours_median=figures.response_hours_median,
            rating_average=figures.rating_average,
            ratings=figures.ratings,
        )
        for figures in evaluate_departments(start=start, end=end)
        if figures.received > 0
    ]
    rows.sort(key=lambda row: (-row.received, row.name))
    return rows


def public_statistics(*, today: date | None = None) -> list[Window]:
    """The last RECENT_DAYS days and the current evaluation period, per department (cached CACHE_SECONDS)."""
    use_cache = today is None
    if use_cache:
        cached = cache.get(CACHE_KEY)
        if isinstance(cached, list):
            return cached
    today = today or timezone.localdate()
    period_start, period_end = evaluation_period(today)
    recent_start = today - timedelta(days=RECENT_DAYS - 1)
    windows = [
        Window(key="recent", start=recent_start, end=today, rows=_rows(recent_start, today)),
        Window(key="period", start=period_start, end=period_end, rows=_rows(period_start, period_end)),
    ]
    if use_cache:
        cache.set(CACHE_KEY, windows, CACHE_SECONDS)
    return windows
