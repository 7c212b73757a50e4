"""The deadline messages the escalation ladder sends: who gets each step, and never twice."""

import datetime as dt

from django.test import TestCase

from sambat.accounts.choices import Role
from sambat.complaints.choices import Status
from sambat.complaints.tests import factories as f
from sambat.notifications import messages
from sambat.notifications.models import OutboxMessage

DUE = dt.datetime(2025, 3, 14, 9, 0, tzinfo=dt.UTC)  # 16.00 in Malang


class SlaMessagesTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def setUp(self) -> None:
        p = self.people
        self.complaint = f.make_complaint_in(Status.ASSIGNED, department=p.dpuprpkp, officer=p.oscar)
        OutboxMessage.objects.all().delete()  # only the deadline messages matter here

    def recipients(self) -> set[str]:
        return set(OutboxMessage.objects.values_list("recipient", flat=True))

    def test_it_reminds_the_departments_officers_and_inbox(self) -> None:
        f.make_user(Role.OFFICER, self.people.dishub, username="other-dept-officer")
        messages.sla_reminder(self.complaint, deadline="respond", due_at=DUE)
        self.assertEqual(self.recipients(), {"oscar@example.org", "dpuprpkp@example.org"})
        message = OutboxMessage.objects.get(recipient="oscar@example.org")
        self.assertIn(self.complaint.tracking_code, message.subject)
        self.assertIn(f"/aduan/{self.complaint.id}/", message.body)
        self.assertNotIn(f"k={self.complaint.citizen_key}", message.body)

    def test_it_warns_the_department_heads(self) -> None:
        messages.sla_warning(self.complaint, deadline="resolve", due_at=DUE)
        self.assertEqual(self.recipients(), {"hana@example.org"})

    def test_it_warns_the_department_inbox_when_no_head_has_an_address(self) -> None:
        self.people.hana.email = ""
        self.people.hana.save(update_fields=["email"])
        messages.sla_warning(self.complaint, deadline="resolve", due_at=DUE)
        self.assertEqual(self.recipients(), {"dpuprpkp@example.org"})

    def test_it_escalates_to_the_active_leaders(self) -> None:
        f.make_user(Role.LEADER, username="former-mayor", is_active=False)
        f.make_user(Role.LEADER, username="vice-mayor")
        messages.sla_escalation(self.complaint, deadline="resolve", due_at=DUE)
        self.assertEqual(self.recipients(), {"lena@example.org", "vice-mayor@example.org"})

    def test_it_tells_the_verifiers_about_the_verification_deadline(self) -> None:
        triage = f.make_complaint_in(Status.TRIAGE)
        OutboxMessage.objects.all().delete()
        messages.sla_reminder(triage, deadline="verify", due_at=DUE)
        messages.sla_warning(triage, deadline="verify", due_at=DUE)
        verifiers = set(
            OutboxMessage.objects.values_list("recipient", flat=True).filter(dedupe_key__contains=":verify:")
        )
        self.assertIn("vera@example.org", verifiers)
        self.assertEqual(OutboxMessage.objects.filter(recipient="vera@example.org").count(), 2)
        self.assertFalse(OutboxMessage.objects.filter(recipient__in=["oscar@example.org", "hana@example.org"]))

    def test_it_sends_each_step_once_per_deadline_and_due_time(self) -> None:
        for _ in range(2):  # a second sweep over the same state
            messages.sla_reminder(self.complaint, deadline="respond", due_at=DUE)
            messages.sla_warning(self.complaint, deadline="respond", due_at=DUE)
            messages.sla_escalation(self.complaint, deadline="respond", due_at=DUE)
        self.assertEqual(OutboxMessage.objects.count(), 4)  # officer + inbox, head, leader
        keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
        self.assertIn(f"sla:{self.complaint.id}:respond:reminder:202503140900:oscar@example.org", keys)
        # A new due time (the clock moved on after a pause) or another deadline is news again.
        messages.sla_reminder(self.complaint, deadline="respond", due_at=DUE + dt.timedelta(days=1))
        messages.sla_reminder(self.complaint, deadline="resolve", due_at=DUE)
        self.assertEqual(OutboxMessage.objects.count(), 8)

    def test_it_sends_nothing_when_nobody_has_an_address(self) -> None:
        dishub_case = f.make_complaint_in(Status.ASSIGNED, department=self.people.dishub, officer=self.people.bob)
        self.people.bob.email = ""
        self.people.bob.save(update_fields=["email"])
        OutboxMessage.objects.all().delete()
        messages.sla_reminder(dishub_case, deadline="respond", due_at=DUE)
        self.assertEqual(OutboxMessage.objects.count(), 0)
