"""The verifiers' triage queue."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.staff.tests.personas import StaffTestCase

TRIAGE = reverse("staff:triage")


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [complaint.tracking_code for complaint in response.context["page"].object_list]


class TriageQueueTests(StaffTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.vera)

    def test_it_lists_complaints_waiting_for_verification_oldest_first(self) -> None:
        first = self.triage_complaint("Ada pohon tumbang di Jl. Ijen.", latitude=-7.98, longitude=112.63)
        second = self.triage_complaint("Bau sampah menyengat dari TPS.")
        routed = self.roads_complaint()
        response = self.client.get(TRIAGE)
        self.assertEqual(codes(response), [first.tracking_code, second.tracking_code])
        self.assertNotContains(response, routed.tracking_code)
        self.assertContains(response, reverse("staff:complaint", args=[first.pk]))
        self.assertContains(response, "Ada pohon tumbang di Jl. Ijen.")
        self.assertContains(response, "No category chosen")  # the routing's reason
        self.assertContains(response, "Klojen")
        self.assertContains(response, "Verify by")

    def test_it_shows_why_a_department_sent_a_complaint_back(self) -> None:
        complaint = self.parking_complaint()
        actions.return_not_our_remit(complaint=complaint, actor=self.bob, reason="Ini wewenang Satpol PP.")
        response = self.client.get(TRIAGE)
        self.assertContains(response, "Returned by Dishub: Ini wewenang Satpol PP.")
        self.assertContains(response, "Parkir liar")

    def test_it_marks_overdue_verification(self) -> None:
        complaint = self.triage_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(verify_due_at=timezone.now() - timedelta(hours=1))
        self.assertContains(self.client.get(TRIAGE), '<span class="badge red">Overdue</span>')

    def test_it_renders_suggestions_as_assign_buttons_and_skips_malformed_ones(self) -> None:
        complaint = self.triage_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(
            routing_suggestions=[
                {"department": "dishub", "name": "Dinas Perhubungan", "probability": 0.55},
                {"department": "dpuprpkp", "name": "DPUPRPKP"},
                {"name": "no department"},
                42,
            ]
        )
        response = self.client.get(TRIAGE)
        self.assertContains(response, "Dinas Perhubungan · 55%")
        self.assertContains(response, 'name="department" value="dpuprpkp"')
        self.assertNotContains(response, "no department")
        self.assertContains(response, reverse("staff:act", args=[complaint.pk, "assign"]), count=2)

    def test_it_is_only_for_verifiers(self) -> None:
        for user in (self.oscar, self.hana, self.lena, self.kiki, self.alice):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(TRIAGE).status_code, 403)

    def test_it_costs_the_same_queries_for_many_rows(self) -> None:
        for number in range(30):
            complaint = self.triage_complaint(
                f"Laporan tanpa kategori nomor {number}.", latitude=-7.98, longitude=112.63
            )
            Complaint.objects.filter(pk=complaint.pk).update(
                routing_suggestions=[{"department": "dishub", "name": "Dishub", "probability": 0.4}]
            )
        self.client.get(TRIAGE)
        # session, user, page count, page rows (category, department, kecamatan and kelurahan joined)
        with self.assertNumQueries(4):
            response = self.client.get(TRIAGE)
        self.assertEqual(len(codes(response)), 25)
        with self.assertNumQueries(4):
            response = self.client.get(TRIAGE, {"page": 2})
        self.assertEqual(len(codes(response)), 5)
