"""The two-monthly evaluation checked against figures computed by hand (see evaluation_fixtures)."""

import datetime as dt

from django.db import connection
from django.test import TestCase, override_settings

from sambat.accountability.choices import DepartmentEventKind
from sambat.accountability.evaluation import (
    BLACK_VEST,
    HONOUR,
    DepartmentFigures,
    evaluate_departments,
    percentile,
    record_period_lists,
)
from sambat.accountability.models import DepartmentEvent
from sambat.accountability.tests.evaluation_fixtures import END, NOW, START, Period, make_period
from sambat.accounts.choices import Role
from sambat.complaints.tests import factories as f

SETTINGS = {
    "TIME_ZONE": "Asia/Jakarta",
    "SAMBAT_EVALUATION_MIN_COMPLAINTS": 5,
    "SAMBAT_BLACK_VEST_LATE_PERCENT": 30,
    "SAMBAT_HONOUR_LIST_SIZE": 3,
}


@override_settings(**SETTINGS)
class EvaluationFiguresTests(TestCase):
    period: Period

    @classmethod
    def setUpTestData(cls) -> None:
        cls.period = make_period()

    def evaluate(self) -> dict[str, DepartmentFigures]:
        return {item.department.code: item for item in evaluate_departments(start=START, end=END, now=NOW)}

    def assert_figures(self, figures: DepartmentFigures, **expected: object) -> None:
        for name, value in expected.items():
            actual = getattr(figures, name)
            if isinstance(value, float):
                self.assertIsNotNone(actual, name)
                self.assertAlmostEqual(actual, value, places=6, msg=name)  # type: ignore[arg-type]
            else:
                self.assertEqual(actual, value, name)

    def test_it_counts_a_good_department(self) -> None:
        self.assert_figures(
            self.evaluate()["good"],
            received=5,
            responded=5,
            responded_on_time=5,
            resolved=3,
            resolved_on_time=3,
            overdue_now=0,
            late=0,
            response_hours_median=20.0,
            response_hours_p90=36.0,
            resolution_hours_median=60.0,
            resolution_hours_p90=92.0,
            rating_average=4.5,
            ratings=2,
            reopened=0,
            reopen_rate=0.0,
            on_time_rate=1.0,
            late_share=0.0,
            rank=1,
            ladder=HONOUR,
        )

    def test_it_counts_a_department_with_one_late_answer_and_a_reopened_complaint(self) -> None:
        self.assert_figures(
            self.evaluate()["middle"],
            received=5,
            responded=4,
            responded_on_time=3,
            resolved=4,
            resolved_on_time=4,
            overdue_now=0,
            late=1,
            response_hours_median=36.0,
            response_hours_p90=70.4,
            resolution_hours_median=135.0,
            resolution_hours_p90=157.0,
            rating_average=3.0,
            ratings=3,
            reopened=1,
            reopen_rate=0.25,
            on_time_rate=0.8,
            late_share=0.2,
            rank=2,
            ladder=HONOUR,
        )

    def test_it_puts_a_department_with_half_its_complaints_late_on_the_black_vest_list(self) -> None:
        self.assert_figures(
            self.evaluate()["bad"],
            received=6,
            responded=5,
            responded_on_time=4,
            resolved=3,
            resolved_on_time=2,
            overdue_now=2,
            late=3,
            response_hours_median=8.0,
            response_hours_p90=64.0,
            resolution_hours_median=30.0,
            resolution_hours_p90=166.0,
            rating_average=3.0,
            ratings=2,
            reopened=1,
            reopen_rate=0.25,
            on_time_rate=0.5,
            late_share=0.5,
            rank=3,
            ladder=BLACK_VEST,
        )

    def test_it_neither_ranks_nor_lists_a_department_with_too_few_complaints(self) -> None:
        self.assert_figures(
            self.evaluate()["small"],
            received=2,
            responded=1,
            responded_on_time=0,
            resolved=1,
            resolved_on_time=0,
            overdue_now=1,
            late=2,
            response_hours_median=100.0,
            response_hours_p90=100.0,
            rating_average=None,
            ratings=0,
            reopen_rate=0.0,
            on_time_rate=0.0,
            late_share=1.0,
            rank=None,
            ladder="",
        )

    def test_it_ranks_best_first_and_lists_the_unranked_last(self) -> None:
        ranked = evaluate_departments(start=START, end=END, now=NOW)
        self.assertEqual([item.department.code for item in ranked], ["good", "middle", "bad", "small"])
        self.assertEqual([item.rank for item in ranked], [1, 2, 3, None])

    @override_settings(SAMBAT_HONOUR_LIST_SIZE=1)
    def test_the_honour_list_has_the_configured_size(self) -> None:
        ladder = {code: item.ladder for code, item in self.evaluate().items()}
        self.assertEqual(ladder, {"good": HONOUR, "middle": "", "bad": BLACK_VEST, "small": ""})

    @override_settings(SAMBAT_BLACK_VEST_LATE_PERCENT=50)
    def test_the_black_vest_needs_a_late_share_above_the_threshold(self) -> None:
        # Bad is exactly at 50%: not above it, so it joins the honour list as the third ranked department.
        self.assertEqual(self.evaluate()["bad"].ladder, HONOUR)

    @override_settings(SAMBAT_EVALUATION_MIN_COMPLAINTS=2)
    def test_a_lower_minimum_ranks_and_lists_the_small_department(self) -> None:
        small = self.evaluate()["small"]
        self.assertEqual((small.rank, small.ladder), (4, BLACK_VEST))

    def test_the_time_of_the_evaluation_decides_what_is_overdue(self) -> None:
        # At noon on 14 January only Bad's unanswered complaint of 9 January is past a due date: the one of
        # 10 January has its answer (given late) and its resolution is due on the 17th; Small's came later.
        early = {
            item.department.code: item
            for item in evaluate_departments(start=START, end=END, now=dt.datetime(2026, 1, 14, 12, tzinfo=NOW.tzinfo))
        }
        self.assertEqual(early["bad"].overdue_now, 1)
        self.assertEqual(early["small"].overdue_now, 0)

    def test_it_evaluates_a_single_day_and_an_empty_period(self) -> None:
        one_day = evaluate_departments(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 1), now=NOW)
        self.assertEqual([(item.department.code, item.received) for item in one_day], [("good", 1)])
        self.assertEqual(evaluate_departments(start=dt.date(2025, 6, 1), end=dt.date(2025, 7, 31), now=NOW), [])

    def test_it_refuses_a_period_that_ends_before_it_starts(self) -> None:
        with self.assertRaises(ValueError):
            evaluate_departments(start=END, end=START)

    def test_it_takes_a_fixed_number_of_queries_however_many_departments(self) -> None:
        # The figures (with the percentiles on PostgreSQL; SQLite's come from a second query), the departments.
        with self.assertNumQueries(2 if connection.vendor == "postgresql" else 3):
            evaluate_departments(start=START, end=END, now=NOW)


@override_settings(**SETTINGS)
class PeriodListTests(TestCase):
    period: Period

    @classmethod
    def setUpTestData(cls) -> None:
        cls.period = make_period()

    def test_it_records_the_black_vest_and_honour_lists_once(self) -> None:
        admin = f.make_user(Role.ADMIN)
        written = record_period_lists(START, END, admin, now=NOW)
        recorded = {
            (event.department.code, event.kind)
            for event in DepartmentEvent.objects.filter(period_start=START, period_end=END)
        }
        self.assertEqual(
            recorded,
            {
                ("good", DepartmentEventKind.HONOUR),
                ("middle", DepartmentEventKind.HONOUR),
                ("bad", DepartmentEventKind.BLACK_VEST),
            },
        )
        self.assertEqual(len(written), 3)
        black_vest = DepartmentEvent.objects.get(kind=DepartmentEventKind.BLACK_VEST)
        self.assertEqual(black_vest.actor, admin)
        self.assertEqual(black_vest.data["rank"], 3)
        self.assertEqual(black_vest.data["late"], 3)
        self.assertAlmostEqual(black_vest.data["late_share"], 0.5)

        self.assertEqual(record_period_lists(START, END, admin, now=NOW), [])
        self.assertEqual(DepartmentEvent.objects.count(), 3)

    def test_another_period_has_lists_of_its_own(self) -> None:
        record_period_lists(START, END, now=NOW)
        record_period_lists(START, dt.date(2026, 1, 31), now=NOW)
        # In January alone only Bad received five complaints (three of them late); the others are not ranked.
        january = DepartmentEvent.objects.filter(period_end=dt.date(2026, 1, 31))
        self.assertEqual([(e.department.code, e.kind) for e in january], [("bad", DepartmentEventKind.BLACK_VEST)])
        self.assertEqual(DepartmentEvent.objects.filter(period_end=END).count(), 3)


class PercentileTests(TestCase):
    def test_it_interpolates_like_postgresql(self) -> None:
        self.assertIsNone(percentile([], 0.5))
        self.assertEqual(percentile([7.0], 0.9), 7.0)
        self.assertEqual(percentile([4.0, 1.0, 3.0, 2.0], 0.5), 2.5)
        self.assertAlmostEqual(percentile([5.0, 10.0, 20.0, 30.0, 40.0], 0.9), 36.0)  # type: ignore[arg-type]
