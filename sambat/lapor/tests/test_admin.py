"""The connector's tables in Django's admin: readable, never editable, and "retry now" for outbox rows."""

from django.urls import reverse

from sambat.accounts.choices import Role
from sambat.complaints.tests import factories as f
from sambat.lapor.choices import PushStatus
from sambat.lapor.models import LaporOutbox
from sambat.lapor.tests.helpers import LaporTestCase


class AdminTests(LaporTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.admin_user = f.make_user(Role.ADMIN)
        self.client.force_login(self.admin_user)

    def test_it_lists_outbox_links_and_updates(self) -> None:
        complaint = self.roads_complaint("Jalan rusak, telepon saya 081298765432.")
        self.forward(complaint)
        self.sync()
        self.fake.follow_up_from_lapor(self.link(complaint).report_id, "Sedang dipantau.")
        self.sync()
        for model in ("laporoutbox", "laporlink", "laporinbound"):
            with self.subTest(model=model):
                response = self.client.get(reverse(f"admin:lapor_{model}_changelist"))
                self.assertContains(response, complaint.tracking_code)
                self.assertEqual(self.client.get(reverse(f"admin:lapor_{model}_add")).status_code, 403)
        row = LaporOutbox.objects.get(complaint=complaint)
        detail = self.client.get(reverse("admin:lapor_laporoutbox_change", args=[row.pk]))
        self.assertContains(detail, row.idempotency_key)
        self.assertNotContains(detail, "081298765432")

    def test_retry_now_sends_refused_rows_again_and_leaves_sent_ones(self) -> None:
        refused, sent = self.roads_complaint(), self.parking_complaint()
        self.forward(refused)
        self.forward(sent)
        LaporOutbox.objects.filter(complaint=refused).update(status=PushStatus.FAILED, last_error="422", attempts=1)
        self.sync()
        response = self.client.post(
            reverse("admin:lapor_laporoutbox_changelist"),
            {"action": "retry_now", "_selected_action": list(LaporOutbox.objects.values_list("pk", flat=True))},
            follow=True,
        )
        self.assertContains(response, "1 row will be sent at the next sync run.")
        self.assertEqual(self.rows(refused)[0].status, PushStatus.PENDING)
        self.assertEqual(self.sync().sent, 1)
        self.assertEqual(len(self.fake.reports), 2)
        self.assertEqual(self.fake.replayed, [])  # the sent row was not sent again

    def test_officers_cannot_open_the_admin(self) -> None:
        self.client.force_login(self.oscar)
        response = self.client.get(reverse("admin:lapor_laporoutbox_changelist"))
        self.assertEqual(response.status_code, 302)
