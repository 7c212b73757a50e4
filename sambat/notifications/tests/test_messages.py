"""Which steps of a complaint queue which messages (through the real actions)."""

from django.test import Client, TestCase

from sambat.complaints import actions
from sambat.complaints.choices import Channel, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.notifications import messages
from sambat.notifications.choices import OutboxChannel
from sambat.notifications.models import OutboxMessage


class ComplaintMessagesTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def to(self, recipient: str) -> list[OutboxMessage]:
        return list(OutboxMessage.objects.filter(recipient=recipient).order_by("id"))

    def test_it_sends_the_citizen_the_code_and_private_link_once(self) -> None:
        complaint = f.make_complaint(reporter_email="warga@example.org")
        received = self.to("warga@example.org")
        self.assertEqual(len(received), 1)
        self.assertIn(complaint.tracking_code, received[0].subject)
        self.assertIn(f"/{complaint.tracking_code}", received[0].body)
        self.assertIn(f"k={complaint.citizen_key}", received[0].body)
        messages.complaint_received(complaint)  # a retried step queues nothing new
        self.assertEqual(len(self.to("warga@example.org")), 1)

    def test_it_sends_nothing_to_a_citizen_without_contact(self) -> None:
        f.make_complaint(category=self.people.parking)
        # Only Dishub's officer hears of it (the department has no shared address).
        self.assertEqual(list(OutboxMessage.objects.values_list("recipient", flat=True)), ["bob@example.org"])

    def test_it_tells_the_officers_of_a_department_without_an_address(self) -> None:
        complaint = f.make_complaint(category=self.people.parking, text="Parkir liar di trotoar Jl. Kawi.")
        alert = OutboxMessage.objects.get(recipient="bob@example.org")
        self.assertIn(complaint.tracking_code, alert.subject)
        self.assertIn("Parkir liar di trotoar Jl. Kawi.", alert.body)
        self.assertIn(f"/aduan/{complaint.id}/", alert.body)
        self.assertNotIn(complaint.citizen_key, alert.body)

    def test_it_texts_a_citizen_who_wrote_by_sms(self) -> None:
        complaint = f.make_complaint(channel=Channel.SMS, reporter_phone="081234567890", text="Lampu mati " * 80)
        sms = OutboxMessage.objects.get(channel=OutboxChannel.SMS)
        self.assertEqual(sms.recipient, "081234567890")
        self.assertIn(complaint.tracking_code, sms.body)
        self.assertLessEqual(len(sms.body), 459)

    def test_it_tells_citizen_and_department_about_each_assignment(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads, reporter_email="warga@example.org")
        self.assertEqual(len(self.to("dpuprpkp@example.org")), 1)
        actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dpuprpkp)
        # received, assigned, moved to Dishub, moved back: each assignment is news.
        self.assertEqual(len(self.to("warga@example.org")), 4)
        self.assertEqual(len(self.to("dpuprpkp@example.org")), 2)

    def test_it_tells_the_citizen_about_public_steps_only(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads, reporter_email="warga@example.org")
        before = len(self.to("warga@example.org"))
        actions.add_note(complaint=complaint, actor=p.oscar, note="rahasia internal")
        self.assertEqual(len(self.to("warga@example.org")), before)
        actions.request_information(complaint=complaint, actor=p.oscar, question="Nomor rumah berapa?")
        asked = self.to("warga@example.org")[-1]
        self.assertIn("Nomor rumah berapa?", asked.body)
        self.assertNotIn("rahasia internal", "".join(m.body for m in OutboxMessage.objects.all()))

    def test_it_tells_the_department_about_replies_and_instructions(self) -> None:
        p = self.people
        complaint = f.make_complaint_in(Status.NEEDS_INFO, department=p.dpuprpkp, officer=p.oscar)
        actions.citizen_reply(complaint=complaint, message="Rumah nomor 12.")
        actions.add_instruction(complaint=complaint, actor=p.lena, instruction="Tangani minggu ini.")
        bodies = "\n".join(m.body for m in self.to("dpuprpkp@example.org"))
        self.assertIn("Rumah nomor 12.", bodies)
        self.assertIn("Tangani minggu ini.", bodies)

    def test_it_tells_the_department_that_the_citizen_reopened_not_that_it_answered(self) -> None:
        p = self.people
        complaint = f.make_complaint_in(Status.RESOLVED, department=p.dpuprpkp, officer=p.oscar)
        actions.reopen_complaint(complaint=complaint, reason="Lubangnya muncul lagi.")
        reopened = self.to("dpuprpkp@example.org")[-1]
        self.assertEqual(reopened.subject, f"Dibuka kembali oleh warga: {complaint.tracking_code}")
        self.assertIn("Lubangnya muncul lagi.", reopened.body)

    def test_it_tells_the_citizen_why_a_report_was_rejected(self) -> None:
        complaint = f.make_complaint(reporter_email="warga@example.org")
        actions.reject_complaint(complaint=complaint, actor=self.people.vera, reason="Bukan wilayah Kota Malang.")
        self.assertIn("Bukan wilayah Kota Malang.", self.to("warga@example.org")[-1].body)

    def test_it_tells_the_citizen_each_step_of_the_handling_in_its_own_words(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads, reporter_email="warga@example.org")
        routed = self.to("warga@example.org")[-1]
        self.assertIn("Dinas Pekerjaan Umum", routed.subject)
        actions.respond(complaint=complaint, actor=p.oscar, message="Kami cek besok pagi.")
        actions.respond(complaint=complaint, actor=p.oscar, message="Tim sudah di lokasi.")
        actions.request_information(complaint=complaint, actor=p.oscar, question="Nomor rumah berapa?")
        actions.citizen_reply(complaint=complaint, message="Nomor 12.")
        actions.resolve_complaint(complaint=complaint, actor=p.oscar, message="Sudah ditambal.")
        said = self.to("warga@example.org")[2:]
        self.assertEqual(len(said), 4)
        answered, progress, asked, resolved = said
        self.assertIn("Dinas Pekerjaan Umum menanggapi laporan Anda:\n\nKami cek besok pagi.", answered.body)
        self.assertIn("Dinas Pekerjaan Umum: Tim sudah di lokasi.", progress.body)
        self.assertIn("memerlukan keterangan tambahan", asked.body)
        self.assertIn("Nomor rumah berapa?", asked.body)
        self.assertIn("menyatakan laporan Anda selesai:\n\nSudah ditambal.", resolved.body)
        for message in said:
            self.assertIn(complaint.tracking_code, message.subject)
            self.assertIn(f"k={complaint.citizen_key}", message.body)

    def test_it_tells_the_verifiers_when_a_complaint_comes_back_for_verification(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Ini jalan provinsi.")
        alert = OutboxMessage.objects.get(recipient="vera@example.org")
        self.assertIn(complaint.tracking_code, alert.subject)
        self.assertIn(f"/aduan/{complaint.id}/", alert.body)
        messages.staff_triage(complaint)  # the same step again queues nothing new
        self.assertEqual(OutboxMessage.objects.filter(recipient="vera@example.org").count(), 1)


class CitizenLanguageTests(TestCase):
    """A citizen hears back in the language the report was written in, through every way in."""

    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def subject_to(self, recipient: str) -> str:
        """The subject of the first message to `recipient`: the receipt with the tracking code."""
        first = OutboxMessage.objects.filter(recipient=recipient).order_by("id").first()
        assert first is not None, recipient
        return first.subject

    def test_a_report_written_on_the_english_site_gets_english_messages(self) -> None:
        client = Client()
        client.cookies["django_language"] = "en"
        data = {"kind": "pengaduan", "text": "The street light in front of the school is broken.", "privacy": "public"}
        client.post("/lapor/", {**data, "category": self.people.roads.id, "reporter_email": "en@example.org"})
        Client().post("/lapor/", {**data, "category": self.people.roads.id, "reporter_email": "id@example.org"})

        self.assertEqual(Complaint.objects.get(reporter_email="en@example.org").language, "en")
        self.assertTrue(self.subject_to("en@example.org").startswith("Your report"))
        self.assertTrue(self.subject_to("id@example.org").startswith("Laporan Anda"))

    def test_an_app_asking_for_english_gets_english_messages_for_its_citizen(self) -> None:
        body = {"text": "Rubbish has piled up by the river for a week.", "reporter_email": "app@example.org"}
        response = Client().post(
            "/api/v1/complaints", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(self.subject_to("app@example.org").startswith("Your report"))
