"""Citizens who support a public complaint hear of its public steps, with the public link and never the private one."""

from typing import Any

from django.test import TestCase

from sambat.accounts.choices import Role
from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.notifications.choices import OutboxChannel
from sambat.notifications.models import OutboxMessage


class SupporterMessageTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def supported(self, **kwargs: Any) -> Complaint:
        complaint = f.make_complaint_in(
            Status.IN_PROGRESS, department=self.people.dpuprpkp, reporter_email="pelapor@example.org", **kwargs
        )
        actions.support_complaint(complaint=complaint, user=self.people.charlie)
        return complaint

    def to_supporters(self, complaint: Complaint) -> list[OutboxMessage]:
        return list(OutboxMessage.objects.filter(complaint=complaint, dedupe_key__startswith="supporter:"))

    def test_a_department_answer_reaches_each_supporter_with_the_public_link(self) -> None:
        by_sms = f.make_user(Role.CITIZEN, username="dewi")
        by_sms.email, by_sms.phone = "", "+6281234500001"
        by_sms.save(update_fields=["email", "phone"])
        unreachable = f.make_user(Role.CITIZEN, username="eko")
        unreachable.email = ""
        unreachable.save(update_fields=["email"])
        complaint = self.supported()
        for user in (by_sms, unreachable):
            actions.support_complaint(complaint=complaint, user=user)

        actions.respond(complaint=complaint, actor=self.people.oscar, message="Lubang ditambal hari Kamis.")

        messages = {message.recipient: message for message in self.to_supporters(complaint)}
        self.assertEqual(set(messages), {self.people.charlie.email, "+6281234500001"})
        email = messages[self.people.charlie.email]
        self.assertEqual(email.channel, OutboxChannel.EMAIL)
        self.assertIn("Lubang ditambal hari Kamis.", email.body)
        self.assertIn(f"/lacak/{complaint.tracking_code}/", email.body)
        self.assertNotIn("?k=", email.body)  # the reporter's private link stays the reporter's
        self.assertNotIn(complaint.citizen_key, email.body)
        self.assertEqual(messages["+6281234500001"].channel, OutboxChannel.SMS)
        # The reporter still gets their own message, with their private link.
        to_reporter = OutboxMessage.objects.filter(recipient="pelapor@example.org", complaint=complaint).latest("id")
        self.assertIn("Lubang ditambal hari Kamis.", to_reporter.body)
        self.assertIn("?k=", to_reporter.body)

    def test_internal_notes_tell_supporters_nothing(self) -> None:
        complaint = self.supported()

        actions.add_note(complaint=complaint, actor=self.people.oscar, note="Menunggu anggaran.")

        self.assertEqual(self.to_supporters(complaint), [])

    def test_a_complaint_made_confidential_later_tells_its_supporters_nothing(self) -> None:
        complaint = self.supported()
        Complaint.objects.filter(pk=complaint.pk).update(privacy=Privacy.CONFIDENTIAL)
        complaint.refresh_from_db()

        actions.respond(complaint=complaint, actor=self.people.oscar, message="Sudah kami tangani.")

        self.assertEqual(self.to_supporters(complaint), [])

    def test_a_withdrawn_supporter_hears_nothing_more(self) -> None:
        complaint = self.supported()
        actions.withdraw_support(complaint=complaint, user=self.people.charlie)

        actions.resolve_complaint(complaint=complaint, actor=self.people.oscar, message="Selesai diperbaiki.")

        self.assertEqual(self.to_supporters(complaint), [])
