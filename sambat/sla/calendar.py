"""Working-day arithmetic: weekends, Indonesian public holidays (`holidays`) and the city's leave days."""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

from sambat.sla.models import LeaveDay


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def _non_working_days(start: dt.date, end: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        days |= _national_holidays(year)
    days |= set(LeaveDay.objects.filter(date__range=(start, end)).values_list("date", flat=True))
    return days


def is_working_day(day: dt.date, non_working: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in non_working


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The end (23:59:59 local time) of the `days`-th working day after `start`'s date.

    A complaint received on Friday evening with 3 working days is due at the end of Wednesday.
    """
    local_start = timezone.localtime(start)
    # Generous window: even a fortnight of holidays on top of weekends fits in days*3+30 calendar days.
    window_end = local_start.date() + dt.timedelta(days=days * 3 + 30)
    non_working = _non_working_days(local_start.date(), window_end)
    day = local_start.date()
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working):
            remaining -= 1
    end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())
