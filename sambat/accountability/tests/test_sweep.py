"""The SLA sweep with a frozen clock: reminders, warnings, escalations, pauses, auto-close, and running it twice."""

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.test import TestCase, override_settings

from sambat.accountability.choices import Deadline, DepartmentEventKind, LadderStep
from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.accountability.queries import department_events, escalated_complaints
from sambat.accountability.sweep import SweepReport, run_sweep
from sambat.complaints import actions
from sambat.complaints.choices import EventType, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import TransitionNotAllowed
from sambat.notifications.models import OutboxMessage

WIB = ZoneInfo("Asia/Jakarta")
LADDER_EVENTS = (EventType.SLA_REMINDER, EventType.OVERDUE, EventType.ESCALATED)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=WIB)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return wib(year, month, day, 23, 59, 59)


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Every timezone.now() (actions, the sweep, auto_now fields) returns `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def sweep_at(moment: dt.datetime) -> SweepReport:
    with frozen(moment):
        return run_sweep()


def notices(complaint: Complaint) -> list[tuple[str, str]]:
    return list(
        SlaNotice.objects.filter(complaint=complaint).order_by("created_at", "pk").values_list("deadline", "step")
    )


def ladder_events(complaint: Complaint) -> list[str]:
    return list(complaint.events.filter(event_type__in=LADDER_EVENTS).values_list("event_type", flat=True))


class Outbox:
    """The messages queued since it was opened."""

    def __init__(self) -> None:
        self.since = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def recipients(self) -> set[str]:
        return set(OutboxMessage.objects.filter(pk__gt=self.since).values_list("recipient", flat=True))

    def count(self) -> int:
        return OutboxMessage.objects.filter(pk__gt=self.since).count()


@override_settings(
    TIME_ZONE="Asia/Jakarta", SAMBAT_REMINDER_HOURS=24, SAMBAT_ESCALATE_AFTER_DAYS=2, SAMBAT_SLA_AUTOCLOSE_DAYS=10
)
class SweepTestCase(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def submit_at(self, moment: dt.datetime, **kwargs: object) -> Complaint:
        """Routed to DPUPRPKP (oscar the officer, hana the head). On Monday 2 November 2026 09:00 the response is
        due at the end of Thursday 5 November and the resolution at the end of Wednesday 11 November."""
        kwargs.setdefault("category", self.people.roads)
        with frozen(moment):
            complaint = f.make_complaint(**kwargs)
        complaint.refresh_from_db()
        return complaint


class LadderTests(SweepTestCase):
    def test_it_does_nothing_before_the_reminder_window(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        report = sweep_at(wib(2026, 11, 4, 12))
        self.assertEqual(report.changed, 0)
        self.assertEqual(notices(complaint), [])

    def test_it_reminds_the_officers_before_the_deadline(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        outbox = Outbox()

        report = sweep_at(wib(2026, 11, 5, 9))

        self.assertEqual((report.reminders, report.warnings, report.escalations), (1, 0, 0))
        self.assertEqual(notices(complaint), [(Deadline.RESPOND, LadderStep.REMINDER)])
        event = complaint.events.get(event_type=EventType.SLA_REMINDER)
        self.assertFalse(event.is_public)
        self.assertEqual(
            (event.department, event.to_status, event.actor), (self.people.dpuprpkp, Status.ASSIGNED, None)
        )
        self.assertEqual(event.data["deadline"], Deadline.RESPOND)
        self.assertIn(self.people.oscar.email, outbox.recipients())
        self.assertNotIn(self.people.lena.email, outbox.recipients())
        self.assertFalse(DepartmentEvent.objects.exists())

    def test_it_warns_the_head_at_the_deadline_without_a_late_reminder(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        outbox = Outbox()

        report = sweep_at(wib(2026, 11, 6, 0, 0))

        self.assertEqual((report.reminders, report.warnings, report.escalations), (0, 1, 0))
        self.assertEqual(notices(complaint), [(Deadline.RESPOND, LadderStep.WARNING)])
        self.assertEqual(ladder_events(complaint), [EventType.OVERDUE])
        self.assertFalse(complaint.events.get(event_type=EventType.OVERDUE).is_public)
        warning = DepartmentEvent.objects.get()
        self.assertEqual(
            (warning.department, warning.kind, warning.complaint), (self.people.dpuprpkp, "warning", complaint)
        )
        self.assertIn(self.people.hana.email, outbox.recipients())
        self.assertNotIn(self.people.oscar.email, outbox.recipients())

    def test_it_escalates_to_the_leaders_past_the_margin(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        sweep_at(wib(2026, 11, 6, 9))
        outbox = Outbox()

        # Due Thursday; Friday and Monday are the two working days past it.
        self.assertEqual(sweep_at(wib(2026, 11, 9, 23, 59)).escalations, 0)
        report = sweep_at(wib(2026, 11, 10, 0, 0))

        self.assertEqual((report.reminders, report.warnings, report.escalations), (0, 0, 1))
        self.assertEqual(ladder_events(complaint), [EventType.OVERDUE, EventType.ESCALATED])
        self.assertEqual(
            list(DepartmentEvent.objects.order_by("pk").values_list("kind", flat=True)),
            [DepartmentEventKind.WARNING, DepartmentEventKind.ESCALATION],
        )
        self.assertEqual(outbox.recipients(), {self.people.lena.email})

    def test_it_takes_every_due_step_at_once_for_a_complaint_found_late(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))

        # Wednesday 11 November: the response is six days late, the resolution due tonight.
        report = sweep_at(wib(2026, 11, 11, 9))

        self.assertEqual((report.reminders, report.warnings, report.escalations), (1, 1, 1))
        self.assertEqual(
            sorted(notices(complaint)),
            sorted(
                [
                    (Deadline.RESPOND, LadderStep.WARNING),
                    (Deadline.RESPOND, LadderStep.ESCALATED),
                    (Deadline.RESOLVE, LadderStep.REMINDER),
                ]
            ),
        )
        self.assertNotIn((Deadline.RESPOND, LadderStep.REMINDER), notices(complaint))

    def test_it_does_nothing_new_when_run_again(self) -> None:
        late = self.submit_at(wib(2026, 11, 2, 9))
        self.submit_at(wib(2026, 11, 9, 9))  # its response is due on the 12th: a reminder
        first = sweep_at(wib(2026, 11, 12, 10))
        self.assertGreater(first.changed, 0)
        counts = (
            SlaNotice.objects.count(),
            ComplaintEvent.objects.count(),
            DepartmentEvent.objects.count(),
            OutboxMessage.objects.count(),
        )

        for moment in (wib(2026, 11, 12, 10), wib(2026, 11, 12, 11)):
            again = sweep_at(moment)
            self.assertEqual(again.changed, 0, again)
        self.assertEqual(
            (
                SlaNotice.objects.count(),
                ComplaintEvent.objects.count(),
                DepartmentEvent.objects.count(),
                OutboxMessage.objects.count(),
            ),
            counts,
        )
        # Response: warning and escalation; resolution (due last night): a warning, and no reminder after the fact.
        self.assertEqual(ladder_events(late), [EventType.OVERDUE, EventType.ESCALATED, EventType.OVERDUE])

    def test_it_stops_the_response_ladder_when_the_department_answers(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        sweep_at(wib(2026, 11, 5, 9))
        with frozen(wib(2026, 11, 5, 10)):
            actions.respond(complaint=complaint, actor=self.people.oscar, message="Kami cek besok.")

        report = sweep_at(wib(2026, 11, 10, 9))

        self.assertEqual((report.warnings, report.escalations), (0, 0))
        self.assertEqual(notices(complaint), [(Deadline.RESPOND, LadderStep.REMINDER)])
        self.assertFalse(escalated_complaints().exists())

    def test_it_does_not_act_on_a_deadline_answered_since_the_sweep_read_it(self) -> None:
        from sambat.accountability.actions import take_steps

        complaint = self.submit_at(wib(2026, 11, 2, 9))
        due = complaint.respond_due_at
        assert due is not None
        with frozen(wib(2026, 11, 6, 9)):
            actions.respond(complaint=complaint, actor=self.people.oscar, message="Sudah kami tangani.")
            taken = take_steps(complaint_id=complaint.pk, deadline=Deadline.RESPOND, due_at=due, steps=["warning"])
        self.assertEqual(taken, [])
        self.assertEqual(notices(complaint), [])

    def test_it_skips_paused_complaints_and_follows_the_shifted_deadline(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        with frozen(wib(2026, 11, 3, 9)):
            actions.request_information(complaint=complaint, actor=self.people.oscar, question="Nomor rumah?")

        self.assertEqual(sweep_at(wib(2026, 11, 20, 9)).changed, 0)
        self.assertEqual(notices(complaint), [])

        # The citizen answers on Friday 20 November: 13 working days paused, the resolution moves by as many.
        with frozen(wib(2026, 11, 20, 10)):
            actions.citizen_reply(complaint=complaint, message="Nomor 12.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.resolve_due_at, end_of(2026, 11, 30))
        self.assertEqual(sweep_at(wib(2026, 11, 27, 9)).changed, 0)
        report = sweep_at(wib(2026, 11, 30, 9))
        self.assertEqual((report.reminders, report.warnings), (1, 0))
        self.assertEqual(notices(complaint), [(Deadline.RESOLVE, LadderStep.REMINDER)])

    def test_it_starts_a_new_ladder_when_the_deadline_moves(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        sweep_at(wib(2026, 11, 6, 9))
        with frozen(wib(2026, 11, 6, 10)):
            actions.reassign_complaint(complaint=complaint, actor=self.people.vera, department=self.people.dishub)

        report = sweep_at(wib(2026, 11, 12, 0, 0))  # Dishub's response was due at the end of the 11th

        self.assertEqual(report.warnings, 1)
        warnings = SlaNotice.objects.filter(complaint=complaint, step=LadderStep.WARNING).order_by("pk")
        self.assertEqual([n.department for n in warnings], [self.people.dpuprpkp, self.people.dishub])
        self.assertEqual(
            list(department_events(department=self.people.dishub).values_list("kind", flat=True)),
            [DepartmentEventKind.WARNING],
        )

    def test_it_runs_the_verification_ladder_for_the_verifiers(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9), category=None)
        self.assertEqual((complaint.status, complaint.verify_due_at), (Status.TRIAGE, end_of(2026, 11, 5)))
        outbox = Outbox()

        report = sweep_at(wib(2026, 11, 6, 9))

        self.assertEqual(report.warnings, 1)
        self.assertEqual(notices(complaint), [(Deadline.VERIFY, LadderStep.WARNING)])
        self.assertIn(self.people.vera.email, outbox.recipients())
        self.assertFalse(DepartmentEvent.objects.exists())  # the verifiers' clock is no department's
        sweep_at(wib(2026, 11, 10, 9))
        self.assertEqual(list(escalated_complaints()), [complaint])
        with frozen(wib(2026, 11, 10, 10)):
            actions.assign_complaint(complaint=complaint, actor=self.people.vera, department=self.people.dishub)
        self.assertFalse(escalated_complaints().exists())

    def test_it_reads_the_candidates_in_pages(self) -> None:
        complaints = [self.submit_at(wib(2026, 11, 2, 9, minute)) for minute in range(5)]
        with frozen(wib(2026, 11, 20, 9)):
            report = run_sweep(chunk_size=2)
        # Response and resolution of five complaints: a warning and an escalation each.
        self.assertEqual((report.warnings, report.escalations), (10, 10))
        self.assertEqual(set(escalated_complaints()), set(complaints))

    def test_it_reads_a_fixed_number_of_queries_when_there_is_nothing_to_do(self) -> None:
        for day in (2, 3, 4):
            self.submit_at(wib(2026, 11, day, 9))
        self.assertEqual(sweep_at(wib(2026, 11, 30, 9)).escalations, 6)
        for hour in (10, 11):
            self.submit_at(wib(2026, 11, 30, hour))
        # Escalated deadlines and those not yet near are not even read: three empty candidate pages (one per
        # deadline), the shortest quiet period and the resolved complaints, however many complaints there are.
        with frozen(wib(2026, 11, 30, 12)), self.assertNumQueries(5):
            self.assertEqual(run_sweep().changed, 0)


class EscalatedQueueTests(SweepTestCase):
    def test_it_lists_open_complaints_escalated_on_a_running_deadline(self) -> None:
        escalated = self.submit_at(wib(2026, 11, 2, 9))
        warned_only = self.submit_at(wib(2026, 11, 4, 9))  # response due the 9th: warned on the 10th
        sweep_at(wib(2026, 11, 10, 9))

        queue = list(escalated_complaints())

        self.assertEqual(queue, [escalated])
        self.assertIsNotNone(getattr(queue[0], "escalated_at"))  # noqa: B009 - an annotation
        self.assertNotIn(warned_only, queue)

    def test_it_keeps_a_complaint_waiting_for_the_citizen_on_its_resolution_deadline(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        sweep_at(wib(2026, 11, 16, 9))  # both deadlines escalated
        with frozen(wib(2026, 11, 16, 10)):
            actions.request_information(complaint=complaint, actor=self.people.oscar, question="Di mana?")
        self.assertEqual(list(escalated_complaints()), [complaint])
        with frozen(wib(2026, 11, 16, 11)):
            actions.citizen_reply(complaint=complaint, message="Di depan SD.")
        self.assertEqual(list(escalated_complaints()), [complaint])  # paused within the day: nothing shifted
        with frozen(wib(2026, 11, 16, 12)):
            actions.resolve_complaint(complaint=complaint, actor=self.people.oscar, message="Sudah ditambal.")
        self.assertFalse(escalated_complaints().exists())


class AutoCloseTests(SweepTestCase):
    def resolved_at(self, moment: dt.datetime, **kwargs: object) -> Complaint:
        complaint = self.submit_at(moment - dt.timedelta(hours=1), **kwargs)
        with frozen(moment):
            actions.resolve_complaint(complaint=complaint, actor=self.people.oscar, message="Sudah diperbaiki.")
        complaint.refresh_from_db()
        return complaint

    def test_it_closes_after_the_quiet_period_and_not_before(self) -> None:
        # Resolved Monday 2 November; ten working days end on Monday 16 November.
        complaint = self.resolved_at(wib(2026, 11, 2, 10))

        self.assertEqual(sweep_at(wib(2026, 11, 16, 23, 59)).auto_closed, 0)
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.RESOLVED)

        report = sweep_at(wib(2026, 11, 17, 0, 0))

        self.assertEqual(report.auto_closed, 1)
        complaint.refresh_from_db()
        self.assertEqual((complaint.status, complaint.closed_at), (Status.CLOSED, wib(2026, 11, 17, 0, 0)))
        self.assertEqual(complaint.events.last().event_type, EventType.CLOSED)  # type: ignore[union-attr]
        self.assertEqual(sweep_at(wib(2026, 11, 17, 1)).auto_closed, 0)

    def test_it_uses_the_categorys_own_quiet_period(self) -> None:
        quick = f.make_category(department=self.people.dpuprpkp)
        quick.sla_autoclose_days = 2
        quick.save(update_fields=["sla_autoclose_days"])
        complaint = self.resolved_at(wib(2026, 11, 2, 10), category=quick)
        usual = self.resolved_at(wib(2026, 11, 2, 10))

        self.assertEqual(sweep_at(wib(2026, 11, 4, 23)).auto_closed, 0)
        self.assertEqual(sweep_at(wib(2026, 11, 5, 0, 1)).auto_closed, 1)
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.CLOSED)
        self.assertEqual(Complaint.objects.get(pk=usual.pk).status, Status.RESOLVED)

    @override_settings(SAMBAT_SLA_AUTOCLOSE_DAYS=3)
    def test_it_follows_the_setting(self) -> None:
        complaint = self.resolved_at(wib(2026, 11, 2, 10))
        self.assertEqual(sweep_at(wib(2026, 11, 6, 0, 1)).auto_closed, 1)
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.CLOSED)

    def test_it_leaves_rated_and_reopened_complaints_alone(self) -> None:
        rated = self.resolved_at(wib(2026, 11, 2, 10))
        reopened = self.resolved_at(wib(2026, 11, 2, 10))
        with frozen(wib(2026, 11, 3, 9)):
            actions.rate_complaint(complaint=rated, rating=5)
            actions.reopen_complaint(complaint=reopened, reason="Masih berlubang.")

        self.assertEqual(sweep_at(wib(2026, 11, 17, 9)).auto_closed, 0)
        self.assertEqual(Complaint.objects.get(pk=reopened.pk).status, Status.IN_PROGRESS)

    def test_it_does_not_close_a_complaint_resolved_again_since_it_was_read(self) -> None:
        complaint = self.resolved_at(wib(2026, 11, 2, 10))
        first_resolution = complaint.resolved_at
        with frozen(wib(2026, 11, 10, 9)):
            actions.reopen_complaint(complaint=complaint, reason="Masih berlubang.")
        with frozen(wib(2026, 11, 16, 9)):
            actions.resolve_complaint(complaint=complaint, actor=self.people.oscar, message="Sudah, kali ini.")

        with frozen(wib(2026, 11, 17, 9)), self.assertRaises(TransitionNotAllowed):
            actions.auto_close(complaint=complaint, resolved_at=first_resolution)
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.RESOLVED)
        self.assertEqual(sweep_at(wib(2026, 11, 17, 9)).auto_closed, 0)


class SweepCommandTests(SweepTestCase):
    def test_it_prints_what_it_did(self) -> None:
        complaint = self.submit_at(wib(2026, 11, 2, 9))
        out = io.StringIO()
        with frozen(wib(2026, 11, 11, 9)):
            call_command("sla_sweep", stdout=out)
        self.assertIn("reminders 1, warnings 1, escalations 1, auto-closed 0", out.getvalue())
        self.assertEqual(len(notices(complaint)), 3)

        out = io.StringIO()
        with frozen(wib(2026, 11, 11, 9)):
            call_command("sla_sweep", stdout=out)
        self.assertIn("reminders 0, warnings 0, escalations 0, auto-closed 0", out.getvalue())
