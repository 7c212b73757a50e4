"""The dashboard's figures against a small hand-built city, and the number of queries each one costs."""

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sambat.accountability import dashboard
from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category, Department
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f

# A Wednesday noon in the city: its week began on Monday 10 March, the twelve-week window on 23 December 2024.
CITY = timezone.get_default_timezone()
NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=CITY)
W0 = dt.datetime(2024, 12, 23, tzinfo=CITY)


def week(index: int, days: float = 1, hours: float = 0) -> dt.datetime:
    """A moment in week `index` of the window (0 = the first, 11 = the current one)."""
    return W0 + dt.timedelta(weeks=index, days=days, hours=hours)


def long_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=30)


def far_ahead() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=30)


class DashboardFigureTests(TestCase):
    """Seven complaints whose every timestamp is set by hand; the expected figures are counted on paper.

    received: week 0: c1, c2; week 2: c3; week 5: c8; week 11: c5, c7 (c4 came before the window)
    finished: week 1: c1 resolved; week 2: c3 rejected; week 6: c8 resolved (closed in week 7)
    open now: c4, c2, c5, c7
    """

    roads_dept: Department
    transport: Department
    roads: Category
    parking: Category
    kauman: Area
    oro: Area
    samaan: Area
    c1: Complaint
    c2: Complaint
    c3: Complaint
    c4: Complaint
    c5: Complaint
    c7: Complaint
    c8: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        cls.roads_dept = f.make_department(code="dpuprpkp", name="Dinas Pekerjaan Umum", abbreviation="DPUPRPKP")
        cls.transport = f.make_department(code="dishub", name="Dinas Perhubungan", abbreviation="Dishub")
        cls.roads = f.make_category(code="jalan", name="Jalan rusak", department=cls.roads_dept)
        cls.parking = f.make_category(code="parkir", name="Parkir liar", department=cls.transport)
        kecamatan = f.make_area(level=AreaLevel.KECAMATAN, name="Klojen", half=0.05)
        cls.kauman = f.make_area(parent=kecamatan, code="35.73.03.1006", name="Kauman")
        cls.oro = f.make_area(parent=kecamatan, code="35.73.03.1007", name="Oro-oro Dowo", lat=-7.97)
        cls.samaan = f.make_area(parent=kecamatan, code="35.73.03.1008", name="Samaan", lat=-7.96)

        def make(status: str, department: Department | None = None, **fields: Any) -> Complaint:
            extra = {"category": fields.pop("category_obj")} if "category_obj" in fields else {}
            complaint = f.make_complaint_in(status, department=department, **extra)
            defaults = {"first_response_at": None, "resolved_at": None, "closed_at": None, "assigned_at": None}
            return f.backdate(complaint, **{**defaults, **fields})

        roads: dict[str, Any] = {"department": cls.roads_dept, "category_obj": cls.roads}
        parking: dict[str, Any] = {"department": cls.transport, "category_obj": cls.parking}
        cls.c1 = make(
            Status.RESOLVED,
            **roads,
            created_at=week(0),
            assigned_at=week(0),
            first_response_at=week(0, hours=10),
            resolved_at=week(1),
            area=cls.kauman,
        )
        cls.c2 = make(
            Status.ASSIGNED,
            **roads,
            created_at=week(0, days=2),
            assigned_at=week(0, days=2),
            respond_due_at=long_ago(),
            resolve_due_at=far_ahead(),
            area=cls.kauman,
        )
        cls.c3 = make(
            Status.REJECTED, created_at=week(2), closed_at=week(2, days=2), area=cls.oro, category=cls.parking
        )
        cls.c4 = make(
            Status.IN_PROGRESS,
            **roads,
            created_at=W0 - dt.timedelta(days=20),
            assigned_at=week(0, days=3),
            first_response_at=week(0, days=3, hours=20),
            resolve_due_at=long_ago(),
            area=cls.kauman,
        )
        cls.c5 = make(
            Status.ASSIGNED,
            **parking,
            created_at=week(11),
            assigned_at=week(11),
            respond_due_at=far_ahead(),
            resolve_due_at=long_ago(),
            area=cls.oro,
        )
        cls.c7 = make(Status.TRIAGE, created_at=week(11, days=1), verify_due_at=long_ago(), area=None)
        cls.c8 = make(
            Status.CLOSED,
            **roads,
            created_at=week(5),
            assigned_at=week(5),
            first_response_at=week(5, hours=4),
            resolved_at=week(6),
            closed_at=week(7),
            area=cls.kauman,
        )

    def test_it_starts_the_window_on_the_monday_eleven_weeks_back(self) -> None:
        self.assertEqual(dashboard.window_start(NOW), W0)
        self.assertEqual(dashboard.window_start(NOW).weekday(), 0)

    def test_it_counts_received_and_finished_per_week(self) -> None:
        weeks = dashboard.weekly_volume(now=NOW)
        self.assertEqual([row.week for row in weeks][:2], [dt.date(2024, 12, 23), dt.date(2024, 12, 30)])
        self.assertEqual(weeks[-1].week, dt.date(2025, 3, 10))
        self.assertEqual([row.received for row in weeks], [2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 2])
        self.assertEqual([row.finished for row in weeks], [0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])

    def test_it_gives_the_backlog_at_the_end_of_each_week(self) -> None:
        weeks = dashboard.weekly_volume(now=NOW)
        # End of week 0: c4, c1, c2 open; week 1: c1 resolved; week 5: c8 arrived; week 6: resolved; week 11: +c5, c7.
        self.assertEqual([row.backlog for row in weeks], [3, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 4])

    def test_it_counts_overdue_per_department_with_unrouted_ones_apart(self) -> None:
        rows = dashboard.overdue_by_department()
        self.assertEqual(
            [(row.department_id, row.count) for row in rows],
            [(self.roads_dept.id, 2), (self.transport.id, 1), (None, 1)],
        )
        self.assertEqual(rows[0].name, "DPUPRPKP")

    def test_it_gives_the_median_response_hours_per_week_of_the_response(self) -> None:
        trend = dashboard.response_time_trend(now=NOW)
        self.assertEqual(len(trend), 12)
        self.assertEqual((trend[0].responses, trend[0].median_hours), (2, 15.0))  # 10 h and 20 h
        self.assertEqual((trend[5].responses, trend[5].median_hours), (1, 4.0))
        self.assertEqual([row.median_hours for i, row in enumerate(trend) if i not in (0, 5)], [None] * 10)

    def test_it_counts_recent_complaints_per_kelurahan_including_empty_ones(self) -> None:
        rows = dashboard.complaints_by_kelurahan(since=NOW - dt.timedelta(days=90))
        # c4 in Kauman came before the 90 days; c7 has no kelurahan.
        self.assertEqual(
            [(row.code, row.count) for row in rows],
            [("35.73.03.1006", 3), ("35.73.03.1007", 2), ("35.73.03.1008", 0)],
        )

    def test_it_ranks_the_top_categories_of_the_recent_period(self) -> None:
        since = NOW - dt.timedelta(days=90)
        self.assertEqual(
            [(row.name, row.count) for row in dashboard.top_categories(since=since)],
            [
                ("Jalan rusak", 3),
                ("Parkir liar", 2),
            ],
        )
        self.assertEqual([row.name for row in dashboard.top_categories(since=since, limit=1)], ["Jalan rusak"])

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        since = NOW - dt.timedelta(days=90)
        budgets = [
            (lambda: dashboard.weekly_volume(now=NOW), 3),
            (dashboard.overdue_by_department, 2),
            (lambda: dashboard.response_time_trend(now=NOW), 1),
            (lambda: dashboard.complaints_by_kelurahan(since=since), 2),
            (lambda: dashboard.top_categories(since=since), 2),
        ]
        for function, budget in budgets:
            with CaptureQueriesContext(connection) as queries:
                function()
            self.assertLessEqual(len(queries), budget)

    def test_it_caches_the_figures_briefly(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)
        first = dashboard.dashboard_figures()
        with self.assertNumQueries(0):
            second = dashboard.dashboard_figures()
        self.assertEqual(first, second)

    def test_it_knows_the_two_month_evaluation_periods(self) -> None:
        self.assertEqual(dashboard.evaluation_period(dt.date(2025, 3, 12)), (dt.date(2025, 3, 1), dt.date(2025, 4, 30)))
        self.assertEqual(dashboard.evaluation_period(dt.date(2024, 2, 29)), (dt.date(2024, 1, 1), dt.date(2024, 2, 29)))
        self.assertEqual(
            dashboard.evaluation_period(dt.date(2025, 11, 1)), (dt.date(2025, 11, 1), dt.date(2025, 12, 31))
        )
