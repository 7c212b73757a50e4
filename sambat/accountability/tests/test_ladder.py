"""The ladder's rules: which steps are due when, across weekends, holidays and the city's leave days."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase, TestCase, override_settings

from sambat.accountability.choices import Deadline, LadderStep
from sambat.accountability.ladder import EscalationCalendar, RunningDeadline, running_deadlines, steps_due
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.sla.models import LeaveDay

WIB = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=WIB)


# Thursday 5 November 2026, end of the day: a first-response deadline.
DUE = wib(2026, 11, 5, 23, 59, 59)
# Two working days later: Friday 6 and Monday 9 November.
ESCALATES = wib(2026, 11, 9, 23, 59, 59)


@override_settings(TIME_ZONE="Asia/Jakarta", SAMBAT_REMINDER_HOURS=24)
class StepsDueTests(SimpleTestCase):
    def steps(self, now: dt.datetime) -> list[str]:
        return steps_due(DUE, now, escalates_at=ESCALATES)

    def test_it_says_nothing_before_the_reminder_window(self) -> None:
        self.assertEqual(self.steps(wib(2026, 11, 4, 23, 59, 58)), [])

    def test_it_reminds_within_the_window_until_the_deadline(self) -> None:
        self.assertEqual(self.steps(wib(2026, 11, 4, 23, 59, 59)), [LadderStep.REMINDER])
        self.assertEqual(self.steps(wib(2026, 11, 5, 23, 59, 58)), [LadderStep.REMINDER])

    def test_it_warns_at_the_deadline_and_never_reminds_after_it(self) -> None:
        self.assertEqual(self.steps(DUE), [LadderStep.WARNING])
        self.assertEqual(self.steps(wib(2026, 11, 9, 12)), [LadderStep.WARNING])

    def test_it_escalates_past_the_margin_together_with_the_warning(self) -> None:
        self.assertEqual(self.steps(ESCALATES), [LadderStep.WARNING, LadderStep.ESCALATED])
        self.assertEqual(self.steps(wib(2026, 12, 1)), [LadderStep.WARNING, LadderStep.ESCALATED])

    @override_settings(SAMBAT_REMINDER_HOURS=48)
    def test_it_follows_the_reminder_setting(self) -> None:
        self.assertEqual(self.steps(wib(2026, 11, 4, 0, 0)), [LadderStep.REMINDER])


@override_settings(TIME_ZONE="Asia/Jakarta", SAMBAT_ESCALATE_AFTER_DAYS=2)
class EscalationCalendarTests(TestCase):
    def test_it_counts_the_margin_in_working_days_over_a_weekend(self) -> None:
        # Due Friday 6 November: Monday and Tuesday are the two working days past it.
        self.assertEqual(EscalationCalendar().escalates_at(wib(2026, 11, 6, 23, 59, 59)), wib(2026, 11, 10, 23, 59, 59))

    def test_it_skips_national_holidays(self) -> None:
        # Due Friday 14 August 2026; Monday 17 August is Independence Day.
        self.assertEqual(EscalationCalendar().escalates_at(wib(2026, 8, 14, 23, 59, 59)), wib(2026, 8, 19, 23, 59, 59))

    def test_it_skips_the_citys_leave_days(self) -> None:
        LeaveDay.objects.create(date=dt.date(2026, 11, 9), name="Cuti bersama")
        self.assertEqual(EscalationCalendar().escalates_at(wib(2026, 11, 6, 23, 59, 59)), wib(2026, 11, 11, 23, 59, 59))

    @override_settings(SAMBAT_ESCALATE_AFTER_DAYS=5)
    def test_it_follows_the_escalation_setting(self) -> None:
        self.assertEqual(EscalationCalendar().escalates_at(wib(2026, 11, 6, 23, 59, 59)), wib(2026, 11, 13, 23, 59, 59))

    def test_it_reads_the_leave_days_once_per_due_day_in_a_sweep(self) -> None:
        calendar = EscalationCalendar()
        calendar.escalates_at(wib(2026, 11, 6, 23, 59, 59))
        with self.assertNumQueries(0):
            self.assertEqual(calendar.escalates_at(wib(2026, 11, 6, 8)), wib(2026, 11, 10, 23, 59, 59))


class RunningDeadlinesTests(SimpleTestCase):
    def complaint(self, status: str, **fields: object) -> Complaint:
        values: dict[str, object] = {
            "verify_due_at": wib(2026, 11, 5, 23, 59, 59),
            "respond_due_at": wib(2026, 11, 6, 23, 59, 59),
            "resolve_due_at": wib(2026, 11, 12, 23, 59, 59),
        }
        values.update(fields)
        return Complaint(status=status, **values)

    def test_it_runs_the_verification_clock_only_before_assignment(self) -> None:
        for status in (Status.RECEIVED, Status.TRIAGE):
            self.assertEqual(
                running_deadlines(self.complaint(status)),
                [RunningDeadline(Deadline.VERIFY, wib(2026, 11, 5, 23, 59, 59))],
            )

    def test_it_runs_response_until_the_first_answer_and_resolution_until_resolved(self) -> None:
        assigned = running_deadlines(self.complaint(Status.ASSIGNED))
        self.assertEqual([d.deadline for d in assigned], [Deadline.RESPOND, Deadline.RESOLVE])
        answered = running_deadlines(self.complaint(Status.IN_PROGRESS, first_response_at=wib(2026, 11, 3)))
        self.assertEqual([d.deadline for d in answered], [Deadline.RESOLVE])
        for status in (Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.MERGED):
            self.assertEqual(running_deadlines(self.complaint(status)), [])

    def test_it_stops_every_clock_while_paused(self) -> None:
        paused = self.complaint(Status.NEEDS_INFO, paused_at=wib(2026, 11, 3), first_response_at=wib(2026, 11, 3))
        self.assertEqual(running_deadlines(paused), [])
        self.assertEqual(running_deadlines(self.complaint(Status.IN_PROGRESS, paused_at=wib(2026, 11, 3))), [])
