"""Forwarding a complaint to SP4N-LAPOR! from the complaint page: who may, what is sent, and what never is."""

from django.test import override_settings

from sambat.complaints import actions as complaint_actions
from sambat.complaints.choices import ActorKind, EventType, Privacy
from sambat.complaints.models import ComplaintEvent
from sambat.lapor.choices import LinkOrigin, PushKind, PushStatus
from sambat.lapor.models import LaporLink, LaporOutbox
from sambat.lapor.tests.helpers import LaporTestCase


class ForwardTests(LaporTestCase):
    def test_it_forwards_a_complaint_from_the_complaint_page(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.vera)
        page = self.client.get(self.page_url(complaint))
        self.assertContains(page, self.forward_url(complaint))

        response = self.client.post(self.forward_url(complaint), follow=True)

        self.assertRedirects(response, self.page_url(complaint))
        self.assertContains(response, "Forwarded; waiting for SP4N-LAPOR! to acknowledge the report.")
        link = self.link(complaint)
        self.assertEqual((link.origin, link.forwarded_by, link.report_id), (LinkOrigin.SAMBAT, self.vera, ""))
        event = ComplaintEvent.objects.filter(complaint=complaint).order_by("-id").first()
        assert event is not None
        self.assertEqual(
            (event.event_type, event.actor, event.actor_kind), (EventType.LAPOR_SENT, self.vera, "verifier")
        )
        (row,) = self.rows(complaint)
        self.assertEqual((row.kind, row.event, row.status), (PushKind.REPORT, event, PushStatus.PENDING))
        self.assertEqual(row.idempotency_key, f"sambat-{event.pk}")
        self.assertEqual(row.payload["referensi"], complaint.tracking_code)
        self.assertEqual(row.payload["status"], "didisposisikan")
        self.assertEqual(row.payload["instansi_tujuan"], {"kode": "dpuprpkp", "nama": self.dpuprpkp.name})

        self.sync()

        self.assertEqual(len(self.fake.reports), 1)
        link.refresh_from_db()
        self.assertTrue(link.report_id.startswith("LPR-"))
        self.client.force_login(self.oscar)
        page = self.client.get(self.page_url(complaint))
        self.assertContains(page, link.tracking_number)
        self.assertNotContains(page, self.forward_url(complaint))

    def test_a_public_complaint_names_the_reporter_and_nothing_more(self) -> None:
        complaint = self.roads_complaint(
            "Jalan berlubang, hubungi saya di 0812-3456-7890 atau NIK 3573010101900001.", address="Jl. Merdeka 5"
        )
        self.forward(complaint)
        payload = self.rows(complaint)[0].payload
        self.assertEqual(payload["pelapor"], {"nama": "Siti Rahayu"})
        shown = str(payload)
        for secret in ("081234567890", "siti@example.org", "0812-3456-7890", "3573010101900001"):
            self.assertNotIn(secret, shown)
        self.sync()
        self.assertEqual(len(self.fake.reports), 1)  # the fake checks the shape, including the reporter's

    def test_anonymous_and_confidential_complaints_go_without_identity(self) -> None:
        anonymous = self.roads_complaint(privacy=Privacy.ANONYMOUS)
        confidential = self.roads_complaint("Pungutan liar di kantor kelurahan.", privacy=Privacy.CONFIDENTIAL)
        self.forward(anonymous)
        self.forward(confidential)
        self.sync()
        sent = {body["referensi"]: body for body in (entry.body for entry in self.fake.applied)}
        self.assertEqual(sent[anonymous.tracking_code]["privasi"], "anonim")
        self.assertEqual(sent[confidential.tracking_code]["privasi"], "rahasia")
        for body in sent.values():
            self.assertIsNone(body["pelapor"])
            self.assertNotIn("Siti", str(body))

    def test_forwarding_twice_changes_nothing(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.vera)
        self.client.post(self.forward_url(complaint))
        response = self.client.post(self.forward_url(complaint), follow=True)
        self.assertContains(response, "already linked to SP4N-LAPOR!")
        self.assertEqual(len(self.rows(complaint)), 1)
        self.assertEqual(ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_SENT).count(), 1)

    def test_a_rejected_complaint_is_not_forwarded(self) -> None:
        complaint = complaint_actions.reject_complaint(
            complaint=self.triage_complaint(), actor=self.vera, reason="Iklan, bukan pengaduan."
        )
        self.client.force_login(self.vera)
        self.assertNotContains(self.client.get(self.page_url(complaint)), self.forward_url(complaint))
        response = self.client.post(self.forward_url(complaint), follow=True)
        self.assertContains(response, "not forwarded to SP4N-LAPOR!")
        self.assertFalse(LaporLink.objects.filter(complaint=complaint).exists())

    def test_only_verifiers_may_forward(self) -> None:
        complaint = self.roads_complaint()
        for user, status in ((self.oscar, 403), (self.hana, 403), (self.lena, 403), (self.bob, 404), (self.alice, 403)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.forward_url(complaint)).status_code, status)
        self.client.logout()
        response = self.client.post(self.forward_url(complaint))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/masuk/", response["Location"])
        self.assertFalse(LaporLink.objects.filter(complaint=complaint).exists())
        self.assertFalse(LaporOutbox.objects.exists())

    def test_officers_see_no_forward_button(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.oscar)
        self.assertNotContains(self.client.get(self.page_url(complaint)), self.forward_url(complaint))

    def test_forwarding_is_a_post(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.vera)
        self.assertEqual(self.client.get(self.forward_url(complaint)).status_code, 405)

    @override_settings(SAMBAT_LAPOR_TOKEN="")
    def test_without_configuration_nothing_is_offered_or_forwarded(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.vera)
        self.assertNotContains(self.client.get(self.page_url(complaint)), self.forward_url(complaint))
        response = self.client.post(self.forward_url(complaint), follow=True)
        self.assertContains(response, "connector is not configured")
        self.assertFalse(LaporLink.objects.exists())


@override_settings(SAMBAT_LAPOR_FORWARD_ALL=True)
class ForwardAllTests(LaporTestCase):
    def test_public_complaints_are_forwarded_when_they_reach_a_department(self) -> None:
        routed = self.roads_complaint()
        waiting = self.triage_complaint()
        self.assertEqual(self.rows(routed)[0].payload["status"], "didisposisikan")
        self.assertFalse(LaporLink.objects.filter(complaint=waiting).exists())  # spam could still be rejected here

        complaint_actions.assign_complaint(complaint=waiting, actor=self.vera, department=self.dishub)

        (row,) = self.rows(waiting)
        self.assertEqual(row.kind, PushKind.REPORT)
        event = row.event
        assert event is not None
        self.assertEqual((event.event_type, event.actor_kind), (EventType.LAPOR_SENT, ActorKind.SYSTEM))

    def test_anonymous_and_confidential_complaints_wait_for_a_verifier(self) -> None:
        anonymous = self.roads_complaint(privacy=Privacy.ANONYMOUS)
        confidential = self.roads_complaint(privacy=Privacy.CONFIDENTIAL)
        self.assertFalse(LaporLink.objects.filter(complaint__in=[anonymous, confidential]).exists())
