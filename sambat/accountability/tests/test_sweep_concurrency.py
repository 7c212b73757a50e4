"""Two sweeps at the same moment, each on its own database connection: every step is taken exactly once."""

import datetime as dt
from unittest import skipUnless

from django.db import connection
from django.test import TransactionTestCase, override_settings

from sambat.accountability.choices import Deadline, LadderStep
from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.accountability.sweep import SweepReport, run_sweep
from sambat.complaints.choices import EventType, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.tests import factories as f
from sambat.complaints.tests.test_concurrency import run_together
from sambat.notifications.models import OutboxMessage


@skipUnless(connection.vendor == "postgresql", "claims between connections are a PostgreSQL matter")
@override_settings(SAMBAT_REMINDER_HOURS=24, SAMBAT_ESCALATE_AFTER_DAYS=2)
class ConcurrentSweepTests(TransactionTestCase):
    def setUp(self) -> None:
        self.people = f.Personas()

    def reports(self, now: dt.datetime) -> list[SweepReport]:
        results = run_together(lambda: run_sweep(now=now), lambda: run_sweep(now=now))
        reports = [r for r in results if isinstance(r, SweepReport)]
        self.assertEqual(len(reports), 2, results)
        return reports

    def test_it_sends_one_reminder_when_two_sweeps_run_at_once(self) -> None:
        complaint = f.make_complaint(category=self.people.roads)
        assert complaint.respond_due_at is not None
        messages_before = OutboxMessage.objects.count()

        reports = self.reports(complaint.respond_due_at - dt.timedelta(hours=1))

        self.assertEqual(sum(r.reminders for r in reports), 1)
        self.assertEqual(
            list(SlaNotice.objects.values_list("deadline", "step")), [(Deadline.RESPOND, LadderStep.REMINDER)]
        )
        self.assertEqual(complaint.events.filter(event_type=EventType.SLA_REMINDER).count(), 1)
        # One message per recipient, none twice.
        recipients = list(OutboxMessage.objects.order_by("pk").values_list("recipient", flat=True))[messages_before:]
        self.assertEqual(len(recipients), len(set(recipients)))
        self.assertIn(self.people.oscar.email, recipients)

    def test_it_warns_and_escalates_many_late_complaints_once_each(self) -> None:
        complaints = [f.make_complaint(category=self.people.roads) for _ in range(12)]
        due = max(c.resolve_due_at for c in complaints if c.resolve_due_at is not None)

        reports = self.reports(due + dt.timedelta(days=30))

        # Response and resolution of each complaint: one warning and one escalation per deadline.
        self.assertEqual(sum(r.warnings for r in reports), 24)
        self.assertEqual(sum(r.escalations for r in reports), 24)
        self.assertEqual(SlaNotice.objects.count(), 48)
        self.assertEqual(DepartmentEvent.objects.count(), 48)
        for event_type in (EventType.OVERDUE, EventType.ESCALATED):
            self.assertEqual(ComplaintEvent.objects.filter(event_type=event_type).count(), 24)
        self.assertEqual(sum(r.failed for r in reports), 0)

    def test_it_auto_closes_once_when_two_sweeps_run_at_once(self) -> None:
        complaint = f.make_complaint_in(Status.RESOLVED, department=self.people.dpuprpkp, officer=self.people.oscar)
        assert complaint.resolved_at is not None

        reports = self.reports(complaint.resolved_at + dt.timedelta(days=30))

        self.assertEqual(sum(r.auto_closed for r in reports), 1)
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).status, Status.CLOSED)
        self.assertEqual(complaint.events.filter(event_type=EventType.CLOSED).count(), 1)
        # A later sweep of either worker finds nothing left to do.
        self.assertEqual(run_sweep(now=complaint.resolved_at + dt.timedelta(days=31)).changed, 0)
