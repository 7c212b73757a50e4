"""The leaders' overview: counts by status and department, overdue list, latest instructions."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.staff.tests.personas import StaffTestCase

OVERVIEW = reverse("staff:overview")


class OverviewTests(StaffTestCase):
    old_pothole: Complaint
    new_pothole: Complaint
    fixed: Complaint
    parked: Complaint
    unrouted: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.old_pothole = cls.roads_complaint("Jalan berlubang lama di Jl. Merdeka.")
        cls.new_pothole = cls.roads_complaint("Jalan berlubang baru di Jl. Ijen.")
        cls.fixed = cls.roads_complaint("Aspal mengelupas di Jl. Semeru.")
        actions.resolve_complaint(complaint=cls.fixed, actor=cls.oscar, message="Sudah diaspal ulang.")
        cls.parked = cls.parking_complaint()
        cls.unrouted = cls.triage_complaint()
        past = timezone.now() - timedelta(days=3)
        Complaint.objects.filter(pk=cls.old_pothole.pk).update(respond_due_at=past, created_at=past)
        Complaint.objects.filter(pk=cls.parked.pk).update(resolve_due_at=timezone.now() - timedelta(days=1))
        actions.add_instruction(complaint=cls.parked, actor=cls.lena, instruction="Tertibkan juru parkir liar.")

    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def test_it_counts_complaints_by_status(self) -> None:
        response = self.client.get(OVERVIEW)
        counts = {row.status.value: row.count for row in response.context["status_counts"]}
        self.assertEqual(
            counts,
            {
                "received": 0,
                "triage": 1,
                "assigned": 3,
                "in_progress": 0,
                "needs_info": 0,
                "resolved": 1,
                "closed": 0,
                "rejected": 0,
                "merged": 0,
            },
        )

    def test_it_counts_by_department_with_the_most_overdue_first(self) -> None:
        response = self.client.get(OVERVIEW)
        rows = {row.department.code: row for row in response.context["department_rows"]}
        roads, transport = rows["dpuprpkp"], rows["dishub"]
        self.assertEqual((roads.open, roads.overdue, roads.resolved, roads.total), (2, 1, 1, 3))
        self.assertEqual((transport.open, transport.overdue, transport.resolved, transport.total), (1, 1, 0, 1))
        self.assertEqual(response.context["department_rows"][0].department, self.dpuprpkp)
        self.assertContains(response, 'data-department="dpuprpkp"')

    def test_it_lists_overdue_complaints_oldest_first(self) -> None:
        response = self.client.get(OVERVIEW)
        self.assertEqual(
            [c.tracking_code for c in response.context["overdue"]],
            [self.old_pothole.tracking_code, self.parked.tracking_code],
        )

    def test_it_shows_the_latest_instructions(self) -> None:
        response = self.client.get(OVERVIEW)
        self.assertContains(response, "Tertibkan juru parkir liar.")
        self.assertContains(response, reverse("staff:complaint", args=[self.parked.pk]))

    def test_verifiers_see_it_too_and_department_staff_do_not(self) -> None:
        self.client.force_login(self.vera)
        self.assertEqual(self.client.get(OVERVIEW).status_code, 200)
        for user in (self.oscar, self.hana, self.bob):
            self.client.force_login(user)
            self.assertEqual(self.client.get(OVERVIEW).status_code, 403)

    def test_it_costs_a_fixed_number_of_queries(self) -> None:
        for number in range(20):
            complaint = self.roads_complaint(f"Jalan rusak nomor {number}.")
            Complaint.objects.filter(pk=complaint.pk).update(respond_due_at=timezone.now() - timedelta(days=1))
            actions.add_instruction(complaint=complaint, actor=self.lena, instruction=f"Instruksi {number}.")
        self.client.get(OVERVIEW)
        # session, user, status counts, departments with counts, overdue per department, overdue list, instructions
        with self.assertNumQueries(8):
            response = self.client.get(OVERVIEW)
        self.assertEqual(len(response.context["overdue"]), 22)
        self.assertEqual(len(response.context["instructions"]), 20)
