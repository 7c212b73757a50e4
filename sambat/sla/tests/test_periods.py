"""Deadline lengths: the category's own working days, else the city's settings; and the pause while the citizen
answers, across weekends, national holidays and the city's leave days."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings

from sambat.agencies.models import Category
from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.sla import periods
from sambat.sla.models import LeaveDay

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=WIB)


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@override_settings(
    SAMBAT_SLA_VERIFY_DAYS=3, SAMBAT_SLA_RESPOND_DAYS=3, SAMBAT_SLA_RESOLVE_DAYS=7, SAMBAT_SLA_AUTOCLOSE_DAYS=10
)
class PeriodsTests(TestCase):
    def test_it_uses_the_settings_without_a_category(self) -> None:
        self.assertEqual((periods.verify_days(None), periods.respond_days(None), periods.resolve_days(None)), (3, 3, 7))
        self.assertEqual(periods.autoclose_days(None), 10)

    def test_it_prefers_the_categorys_own_days_and_treats_empty_as_the_default(self) -> None:
        own = Category(sla_verify_days=1, sla_respond_days=2, sla_resolve_days=14, sla_autoclose_days=5)
        self.assertEqual(
            [
                periods.verify_days(own),
                periods.respond_days(own),
                periods.resolve_days(own),
                periods.autoclose_days(own),
            ],
            [1, 2, 14, 5],
        )
        empty = Category(sla_verify_days=None, sla_respond_days=0)
        self.assertEqual((periods.verify_days(empty), periods.respond_days(empty)), (3, 3))

    @override_settings(SAMBAT_SLA_AUTOCLOSE_DAYS=4, SAMBAT_SLA_VERIFY_DAYS=2)
    def test_it_reads_the_settings_when_asked(self) -> None:
        self.assertEqual((periods.autoclose_days(None), periods.verify_days(None)), (4, 2))


@override_settings(TIME_ZONE="Asia/Jakarta")
class StoredDueDatesTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def submit_at(self, moment: dt.datetime, **kwargs: object) -> Complaint:
        kwargs.setdefault("category", self.people.roads)
        with frozen(moment):
            complaint = f.make_complaint(**kwargs)
        complaint.refresh_from_db()
        return complaint

    @override_settings(SAMBAT_SLA_VERIFY_DAYS=5, SAMBAT_SLA_RESPOND_DAYS=2, SAMBAT_SLA_RESOLVE_DAYS=4)
    def test_it_stores_deadlines_from_the_settings(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))  # Monday
        self.assertEqual(complaint.verify_due_at, end_of(2026, 11, 9))
        self.assertEqual(complaint.respond_due_at, end_of(2026, 11, 4))
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 6))

    def test_it_gives_the_verifiers_the_categorys_own_days(self) -> None:
        quick = f.make_category()  # no default department: the complaint goes to the verifiers
        quick.sla_verify_days = 1
        quick.save(update_fields=["sla_verify_days"])
        complaint = self.submit_at(wib(2026, 11, 6, 15), category=quick)  # Friday
        self.assertEqual(complaint.verify_due_at, end_of(2026, 11, 9))

    def test_it_restarts_the_verification_clock_with_the_categorys_days_on_return(self) -> None:
        self.people.roads.sla_verify_days = 2
        self.people.roads.save(update_fields=["sla_verify_days"])
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        with frozen(wib(2026, 11, 3, 9)):
            actions.return_not_our_remit(complaint=complaint, actor=self.people.oscar, reason="Bukan jalan kota.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.verify_due_at, end_of(2026, 11, 5))


@override_settings(TIME_ZONE="Asia/Jakarta")
class PauseTests(TestCase):
    """While the citizen is asked for information the clocks stand still; only working days of the pause count."""

    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def paused_and_answered(self, asked: dt.datetime, answered: dt.datetime) -> tuple[Complaint, Complaint]:
        with frozen(wib(2026, 8, 12, 9)):  # Wednesday before Independence Day (Monday 17 August)
            complaint = f.make_complaint(category=self.people.roads)
        before = Complaint.objects.get(pk=complaint.pk)
        with frozen(asked):
            actions.request_information(complaint=complaint, actor=self.people.oscar, question="Di RT berapa?")
        with frozen(answered):
            actions.citizen_reply(complaint=complaint, message="RT 3.")
        return before, Complaint.objects.get(pk=complaint.pk)

    def test_it_shifts_by_the_working_days_only_across_a_weekend_and_a_holiday(self) -> None:
        # Asked Friday, answered Tuesday: Saturday, Sunday and Independence Day cost nothing; Tuesday counts.
        before, after = self.paused_and_answered(wib(2026, 8, 14, 10), wib(2026, 8, 18, 8))
        self.assertEqual(before.resolve_due_at, end_of(2026, 8, 24))
        # One working day later than Monday 24 August is Wednesday: the 25th is the Prophet's Birthday.
        self.assertEqual(after.resolve_due_at, end_of(2026, 8, 26))
        self.assertIsNone(after.paused_at)

    def test_it_does_not_shift_for_a_pause_over_leave_days(self) -> None:
        LeaveDay.objects.create(date=dt.date(2026, 8, 18), name="Cuti bersama")
        before, after = self.paused_and_answered(wib(2026, 8, 14, 10), wib(2026, 8, 18, 20))
        self.assertEqual(before.resolve_due_at, end_of(2026, 8, 26))
        self.assertEqual(after.resolve_due_at, before.resolve_due_at)

    def test_it_does_not_shift_for_an_answer_on_the_same_day(self) -> None:
        before, after = self.paused_and_answered(wib(2026, 8, 13, 9), wib(2026, 8, 13, 16))
        self.assertEqual(after.resolve_due_at, before.resolve_due_at)
