"""Finished weeks come from the cache; the current week is always counted afresh."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.test import TestCase

from sambat.accountability import dashboard
from sambat.complaints.tests import factories as f

NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Wednesday
LAST_WEEK = NOW - dt.timedelta(days=7)


class WeekCacheTests(TestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    def received(self, *, use_cache: bool) -> dict[dt.date, int]:
        weeks = dashboard.weekly_volume(now=NOW, use_cache=use_cache)
        return {row.week: row.received for row in weeks}

    def file_at(self, when: dt.datetime) -> None:
        f.backdate(f.make_complaint(), created_at=when)

    def test_a_finished_week_is_read_from_the_cache_and_the_current_week_live(self) -> None:
        self.file_at(LAST_WEEK)
        first = self.received(use_cache=True)
        last_monday, this_monday = sorted(first)[-2:]
        self.assertEqual((first[last_monday], first[this_monday]), (1, 0))

        self.file_at(LAST_WEEK)  # cannot happen for real: a finished week gains no complaints
        self.file_at(NOW - dt.timedelta(hours=1))
        cached = self.received(use_cache=True)
        self.assertEqual((cached[last_monday], cached[this_monday]), (1, 1))

        fresh = self.received(use_cache=False)
        self.assertEqual((fresh[last_monday], fresh[this_monday]), (2, 1))

    def test_the_response_trend_caches_finished_weeks_too(self) -> None:
        complaint = f.make_complaint_in("assigned")
        f.backdate(complaint, assigned_at=LAST_WEEK - dt.timedelta(hours=10), first_response_at=LAST_WEEK)
        first = dashboard.response_time_trend(now=NOW, use_cache=True)
        self.assertEqual([(row.responses, row.median_hours) for row in first[-2:]], [(1, 10.0), (0, None)])
        f.backdate(complaint, assigned_at=LAST_WEEK - dt.timedelta(hours=20))
        again = dashboard.response_time_trend(now=NOW, use_cache=True)
        self.assertEqual(again[-2].median_hours, 10.0)
        self.assertEqual(dashboard.response_time_trend(now=NOW, use_cache=False)[-2].median_hours, 20.0)


class RecentDaysCacheTests(TestCase):
    """The 90-day counts: days before today counted once, today's complaints counted on every request."""

    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)
        self.people = f.Personas()
        self.since = dt.datetime(2025, 1, 1, tzinfo=ZoneInfo("Asia/Jakarta"))

    def counts(self, *, use_cache: bool) -> tuple[int, int]:
        kelurahan = dashboard.complaints_by_kelurahan(since=self.since, now=NOW, use_cache=use_cache)
        categories = dashboard.top_categories(since=self.since, now=NOW, use_cache=use_cache)
        by_code = {row.code: row.count for row in kelurahan}
        return by_code[self.people.kelurahan.code], sum(row.count for row in categories)

    def file_at(self, when: dt.datetime) -> None:
        complaint = f.make_complaint(category=self.people.roads)
        f.backdate(complaint, created_at=when, area=self.people.kelurahan)

    def test_earlier_days_are_cached_and_today_is_counted_live(self) -> None:
        self.file_at(LAST_WEEK)
        self.assertEqual(self.counts(use_cache=True), (1, 1))
        self.file_at(LAST_WEEK)  # cannot happen for real: an earlier day gains no complaints
        self.file_at(NOW - dt.timedelta(hours=1))
        self.assertEqual(self.counts(use_cache=True), (2, 2))
        self.assertEqual(self.counts(use_cache=False), (3, 3))
