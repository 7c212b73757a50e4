"""Working-day arithmetic: weekends, Indonesian public holidays and joint leave (`holidays`), and the
city's own leave days (LeaveDay, editable by admins)."""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone, translation

from sambat.sla.models import LeaveDay

# "government" adds the nationally decreed cuti bersama (e.g. 24 December) to the public holidays.
HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES).keys())


def national_holiday_name(day: dt.date) -> str:
    """The national holiday (or nationally decreed cuti bersama) on this day in the reader's language, or ""."""
    language = "en_US" if (translation.get_language() or "").startswith("en") else "id"
    names = holidays.country_holidays("ID", years=day.year, categories=HOLIDAY_CATEGORIES, language=language)
    return str(names.get(day) or "")


def _non_working_days(start: dt.date, end: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        days |= _national_holidays(year)
    days |= set(LeaveDay.objects.filter(date__range=(start, end)).values_list("date", flat=True))
    return days


def is_working_day(day: dt.date, non_working: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in non_working


def _window(days: int) -> dt.timedelta:
    # Generous: weekends plus the longest holiday clusters (Lebaran) fit comfortably.
    return dt.timedelta(days=days * 3 + 30)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The end (23:59:59 local time) of the `days`-th working day after `start`'s date.

    A complaint received on Friday evening with 3 working days is due at the end of Wednesday.
    """
    day = timezone.localtime(start).date()
    remaining = days
    while remaining > 0:
        window_end = day + _window(remaining)
        non_working = _non_working_days(day, window_end)
        while remaining > 0 and day < window_end:
            day += dt.timedelta(days=1)
            if is_working_day(day, non_working):
                remaining -= 1
    end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Working days after `start`'s date up to and including `end`'s date (0 when on the same day or earlier)."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    if last <= first:
        return 0
    non_working = _non_working_days(first, last)
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working):
            count += 1
    return count
