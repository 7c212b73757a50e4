"""Due dates the actions store: working days, holidays, leave days, the needs_info pause and the reopen window."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase, override_settings
from django.utils.translation import gettext

from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import TransitionNotAllowed
from sambat.sla.models import LeaveDay

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=WIB)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return wib(year, month, day, 23, 59, 59)


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Every timezone.now() (actions, auto_now fields) returns `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@override_settings(TIME_ZONE="Asia/Jakarta")
class WorkingDayDueDatesTests(TestCase):
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

    def test_it_gives_three_and_seven_working_days_over_a_weekend(self) -> None:
        # Friday evening: the weekend does not count.
        complaint = self.submit_at(wib(2026, 11, 6, 18, 30))
        self.assertEqual(complaint.assigned_at, wib(2026, 11, 6, 18, 30))
        self.assertEqual(complaint.verify_due_at, end_of(2026, 11, 11))
        self.assertEqual(complaint.respond_due_at, end_of(2026, 11, 11))
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 17))

    def test_it_skips_a_national_holiday_and_the_new_year(self) -> None:
        # Christmas (Fri 25 Dec 2026), New Year's Day (Fri 1 Jan 2027) and Isra Mi'raj (Tue 5 Jan 2027)
        # are public holidays: 28, 29, 30, 31 Dec, 4, 6, 7 Jan.
        complaint = self.submit_at(wib(2026, 12, 24, 10))
        self.assertEqual(complaint.respond_due_at, end_of(2026, 12, 30))
        self.assertEqual(complaint.resolve_due_at, end_of(2027, 1, 7))

    def test_it_skips_the_citys_leave_days(self) -> None:
        LeaveDay.objects.create(date=dt.date(2026, 12, 31), name="Cuti bersama")
        complaint = self.submit_at(wib(2026, 12, 24, 10))
        self.assertEqual(complaint.respond_due_at, end_of(2026, 12, 30))
        self.assertEqual(complaint.resolve_due_at, end_of(2027, 1, 8))

    def test_it_uses_the_categorys_own_periods(self) -> None:
        urgent = f.make_category(department=self.people.dpuprpkp, sla_respond_days=1, sla_resolve_days=2)
        complaint = self.submit_at(wib(2026, 11, 6, 18, 30), category=urgent)
        self.assertEqual(complaint.respond_due_at, end_of(2026, 11, 9))
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 10))

    def test_it_restarts_the_clocks_when_a_verifier_assigns(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9), category=None)
        self.assertIsNone(complaint.respond_due_at)
        self.assertEqual(complaint.verify_due_at, end_of(2026, 11, 5))
        with frozen(wib(2026, 11, 4, 14)):
            actions.assign_complaint(complaint=complaint, actor=self.people.vera, department=self.people.dishub)
        complaint.refresh_from_db()
        self.assertEqual(complaint.assigned_at, wib(2026, 11, 4, 14))
        self.assertEqual(complaint.respond_due_at, end_of(2026, 11, 9))
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 13))

    def test_it_restarts_the_clocks_when_reassigned(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        with frozen(wib(2026, 11, 3, 9)):
            actions.request_information(complaint=complaint, actor=self.people.oscar, question="Di mana?")
        with frozen(wib(2026, 11, 5, 9)):
            actions.reassign_complaint(complaint=complaint, actor=self.people.vera, department=self.people.dishub)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertIsNone(complaint.paused_at)
        self.assertIsNone(complaint.first_response_at)
        self.assertEqual(complaint.respond_due_at, end_of(2026, 11, 10))
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 16))

    def test_it_pauses_in_needs_info_and_shifts_the_due_dates_by_the_pause(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        respond_due, resolve_due = complaint.respond_due_at, complaint.resolve_due_at
        asked, answered = wib(2026, 11, 3, 9), wib(2026, 11, 5, 15, 30)

        with frozen(asked):
            actions.request_information(complaint=complaint, actor=self.people.oscar, question="Nomor rumah?")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.NEEDS_INFO)
        self.assertEqual(complaint.paused_at, asked)
        self.assertEqual((complaint.respond_due_at, complaint.resolve_due_at), (respond_due, resolve_due))

        with frozen(answered):
            actions.citizen_reply(complaint=complaint, message="Nomor 12.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        self.assertIsNone(complaint.paused_at)
        assert respond_due is not None and resolve_due is not None
        # Paused from Tuesday to Thursday: two working days (Wednesday, Thursday) are added to each deadline.
        self.assertEqual(respond_due, wib(2026, 11, 5, 23, 59, 59))
        self.assertEqual(resolve_due, wib(2026, 11, 11, 23, 59, 59))
        self.assertEqual(complaint.respond_due_at, wib(2026, 11, 9, 23, 59, 59))
        self.assertEqual(complaint.resolve_due_at, wib(2026, 11, 13, 23, 59, 59))

    def test_it_counts_the_resolution_clock_again_on_reopening(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        with frozen(wib(2026, 11, 3, 9)):
            actions.resolve_complaint(complaint=complaint, actor=self.people.oscar, message="Selesai.")
        with frozen(wib(2026, 11, 6, 18)):
            actions.reopen_complaint(complaint=complaint, reason="Belum selesai.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        self.assertEqual(complaint.reopen_count, 1)
        self.assertIsNone(complaint.resolved_at)
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 17))


class ReopenWindowTests(TestCase):
    def resolved(self, days_ago: float) -> Complaint:
        complaint = f.make_complaint_in(Status.RESOLVED)
        return f.backdate(complaint, resolved_at=f.days_ago(days_ago))

    def test_it_reopens_within_ten_days(self) -> None:
        for days in (0, 9, 9.99):
            with self.subTest(days=days):
                complaint = actions.reopen_complaint(complaint=self.resolved(days), reason="Masih rusak.")
                self.assertEqual(complaint.status, Status.IN_PROGRESS)

    def test_it_refuses_after_the_window_and_changes_nothing(self) -> None:
        complaint = self.resolved(10.01)
        events = f.event_count(complaint)
        with self.assertRaises(TransitionNotAllowed):
            actions.reopen_complaint(complaint=complaint, reason="Masih rusak.")
        after = Complaint.objects.get(pk=complaint.pk)
        self.assertEqual(
            (after.status, after.reopen_count, after.resolved_at), (Status.RESOLVED, 0, complaint.resolved_at)
        )
        self.assertEqual(f.event_count(after), events)

    def test_it_explains_that_an_unresolved_complaint_cannot_be_reopened(self) -> None:
        complaint = f.make_complaint_in(Status.IN_PROGRESS)
        with self.assertRaises(TransitionNotAllowed) as raised:
            actions.reopen_complaint(complaint=complaint, reason="Masih rusak.")
        self.assertNotEqual(str(raised.exception), gettext("The period for reopening this complaint has ended."))

    @override_settings(SAMBAT_REOPEN_DAYS=2)
    def test_it_follows_the_configured_window(self) -> None:
        with self.assertRaises(TransitionNotAllowed):
            actions.reopen_complaint(complaint=self.resolved(3), reason="Masih rusak.")
        actions.reopen_complaint(complaint=self.resolved(1), reason="Masih rusak.")

    def test_it_refuses_a_reopen_without_reason(self) -> None:
        from django.core.exceptions import ValidationError

        complaint = self.resolved(1)
        with self.assertRaises(ValidationError):
            actions.reopen_complaint(complaint=complaint, reason=" \x00 ")
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.RESOLVED)
