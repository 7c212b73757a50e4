"""Working-day arithmetic: weekends, Indonesian public holidays and the city's leave days."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings

from sambat.sla.calendar import add_working_days, is_working_day, working_days_between
from sambat.sla.models import LeaveDay

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=WIB)


@override_settings(TIME_ZONE="Asia/Jakarta")
class AddWorkingDaysTests(TestCase):
    def test_it_counts_from_the_next_day_to_the_end_of_the_last_day(self) -> None:
        # Monday 2 November 2026: no holidays that week.
        self.assertEqual(add_working_days(wib(2026, 11, 2, 8), 1), end_of(2026, 11, 3))
        self.assertEqual(add_working_days(wib(2026, 11, 2, 23, 50), 3), end_of(2026, 11, 5))

    def test_it_returns_the_end_of_the_same_day_for_zero_days(self) -> None:
        self.assertEqual(add_working_days(wib(2026, 11, 2, 8), 0), end_of(2026, 11, 2))

    def test_it_skips_weekends(self) -> None:
        self.assertEqual(add_working_days(wib(2026, 11, 6, 17), 1), end_of(2026, 11, 9))  # Friday -> Monday
        self.assertEqual(add_working_days(wib(2026, 11, 7, 10), 1), end_of(2026, 11, 9))  # Saturday -> Monday
        self.assertEqual(add_working_days(wib(2026, 11, 6, 17), 10), end_of(2026, 11, 20))

    def test_it_skips_national_holidays(self) -> None:
        # Independence Day, Monday 17 August 2026.
        self.assertEqual(add_working_days(wib(2026, 8, 14, 9), 1), end_of(2026, 8, 18))
        # Christmas, Friday 25 December 2026.
        self.assertEqual(add_working_days(wib(2026, 12, 24, 9), 1), end_of(2026, 12, 28))

    def test_it_crosses_the_year_with_the_next_years_holidays(self) -> None:
        # Thu 31 Dec 2026 -> Fri 1 Jan (New Year) -> Mon 4 Jan -> Tue 5 Jan (Isra Mi'raj 2027) -> Wed 6 Jan.
        self.assertEqual(add_working_days(wib(2026, 12, 31, 9), 2), end_of(2027, 1, 6))

    def test_it_skips_the_citys_leave_days(self) -> None:
        LeaveDay.objects.create(date=dt.date(2026, 11, 3), name="Hari jadi kota")
        LeaveDay.objects.create(date=dt.date(2026, 11, 4), name="Cuti bersama")
        self.assertEqual(add_working_days(wib(2026, 11, 2, 8), 1), end_of(2026, 11, 5))
        self.assertEqual(add_working_days(wib(2026, 11, 2, 8), 3), end_of(2026, 11, 9))

    def test_it_counts_in_the_city_time_zone(self) -> None:
        # 18:00 UTC on Friday is already Saturday 01:00 in Malang: the next working day is Monday either way,
        # but the deadline is the end of that day in Malang.
        friday_night_utc = dt.datetime(2026, 11, 6, 18, 0, tzinfo=dt.UTC)
        self.assertEqual(add_working_days(friday_night_utc, 1), end_of(2026, 11, 9))
        # 20:00 UTC on Sunday is Monday 03:00 in Malang: one working day later is Tuesday.
        sunday_night_utc = dt.datetime(2026, 11, 8, 20, 0, tzinfo=dt.UTC)
        self.assertEqual(add_working_days(sunday_night_utc, 1), end_of(2026, 11, 10))

    def test_it_finds_the_end_even_in_a_long_holiday_season(self) -> None:
        # Lebaran 2026: Eid al-Fitr on 21-22 March, Nyepi on 19 March, and a week of city leave around them.
        for day in range(16, 31):
            LeaveDay.objects.create(date=dt.date(2026, 3, day), name="Cuti Lebaran")
        self.assertEqual(add_working_days(wib(2026, 3, 13, 9), 1), end_of(2026, 3, 31))
        self.assertEqual(add_working_days(wib(2026, 3, 13, 9), 30).date(), dt.date(2026, 5, 13))


class IsWorkingDayTests(TestCase):
    def test_it_knows_weekends_and_listed_days(self) -> None:
        self.assertTrue(is_working_day(dt.date(2026, 11, 2), set()))
        self.assertFalse(is_working_day(dt.date(2026, 11, 7), set()))
        self.assertFalse(is_working_day(dt.date(2026, 11, 8), set()))
        self.assertFalse(is_working_day(dt.date(2026, 11, 2), {dt.date(2026, 11, 2)}))


@override_settings(TIME_ZONE="Asia/Jakarta")
class JointLeaveAndPauseTests(TestCase):
    def test_it_skips_the_national_joint_leave_day(self) -> None:
        # Thursday 24 December 2026 is cuti bersama, Friday 25 Christmas: Wednesday + 1 -> Monday.
        self.assertEqual(add_working_days(wib(2026, 12, 23, 9), 1), end_of(2026, 12, 28))

    def test_it_counts_working_days_between_two_moments(self) -> None:
        self.assertEqual(working_days_between(wib(2026, 11, 3, 9), wib(2026, 11, 5, 15)), 2)
        self.assertEqual(working_days_between(wib(2026, 11, 6, 9), wib(2026, 11, 9, 8)), 1)  # Friday -> Monday
        self.assertEqual(working_days_between(wib(2026, 11, 3, 9), wib(2026, 11, 3, 18)), 0)
        self.assertEqual(working_days_between(wib(2026, 11, 5, 9), wib(2026, 11, 3, 9)), 0)
        LeaveDay.objects.create(date=dt.date(2026, 11, 4), name="Cuti kota")
        self.assertEqual(working_days_between(wib(2026, 11, 3, 9), wib(2026, 11, 5, 15)), 1)

    def test_it_finds_the_deadline_beyond_a_long_run_of_leave_days(self) -> None:
        # Six weeks of city leave is longer than the first look-ahead window of a one-day deadline.
        start = dt.date(2026, 9, 1)
        LeaveDay.objects.bulk_create(
            LeaveDay(date=start + dt.timedelta(days=offset), name="Libur") for offset in range(42)
        )
        self.assertEqual(add_working_days(wib(2026, 8, 31, 9), 1), end_of(2026, 10, 13))
