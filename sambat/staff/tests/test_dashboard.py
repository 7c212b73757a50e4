"""The leaders' dashboard: who may open it, what it shows, and what it costs in queries."""

import json
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sambat.accountability.choices import Deadline, LadderStep
from sambat.accountability.models import SlaNotice
from sambat.complaints.models import Complaint
from sambat.staff.tests.personas import StaffTestCase

DASHBOARD = reverse("staff:dashboard")


class DashboardTests(StaffTestCase):
    late: Complaint
    fine: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.late = cls.roads_complaint("Jalan ambles di Jl. Merdeka, sudah dua minggu.")
        cls.fine = cls.parking_complaint()
        past = timezone.now() - timedelta(days=4)
        Complaint.objects.filter(pk=cls.late.pk).update(respond_due_at=past)
        SlaNotice.objects.create(
            complaint=cls.late,
            deadline=Deadline.RESPOND,
            step=LadderStep.ESCALATED,
            due_at=past,
            department=cls.dpuprpkp,
        )

    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    def test_it_is_for_leaders_and_admins(self) -> None:
        for user in (self.lena, self.vera):
            self.client.force_login(user)
            self.assertEqual(self.client.get(DASHBOARD).status_code, 200, user.username)

    def test_it_refuses_officers_heads_and_citizens(self) -> None:
        for user in (self.oscar, self.hana, self.bob, self.alice, self.kiki):
            self.client.force_login(user)
            self.assertEqual(self.client.get(DASHBOARD).status_code, 403, user.username)

    def test_it_sends_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(DASHBOARD)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_hands_the_chart_figures_to_the_script_as_json(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(DASHBOARD)
        self.assertContains(response, 'id="dashboard-data"')
        for key in ("volume", "overdue", "response", "categories"):
            self.assertContains(response, f'data-chart="{key}"')
        data = response.context["charts"]
        json.dumps(data)  # what json_script serialises
        self.assertEqual(len(data["volume"]["labels"]), 12)
        self.assertEqual(data["volume"]["series"][0]["data"][-1], 2)  # both complaints arrived this week
        self.assertEqual(data["overdue"]["labels"], ["DPUPRPKP"])
        self.assertEqual(data["heat"]["counts"], {"35.73.03.1006": 1, "35.73.02.1011": 1})
        self.assertEqual(sorted(data["categories"]["labels"]), ["Jalan rusak", "Parkir liar"])
        self.assertNotContains(response, "<script>")  # no inline script: the page's CSP forbids it

    def test_it_lists_the_escalated_complaints(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(DASHBOARD)
        self.assertEqual([complaint.pk for complaint in response.context["escalated"]], [self.late.pk])
        self.assertContains(response, self.late.tracking_code)
        self.assertNotContains(response, self.fine.tracking_code)

    def test_it_shows_the_departments_of_the_current_evaluation_period(self) -> None:
        self.client.force_login(self.vera)
        response = self.client.get(DASHBOARD)
        standing = {row.department.code: row for row in response.context["standing"]}
        self.assertEqual(set(standing), {"dpuprpkp", "dishub"})
        self.assertEqual(standing["dpuprpkp"].overdue_now, 1)
        self.assertContains(response, 'data-department="dishub"')

    def test_it_links_the_dashboard_from_the_workspace_of_leaders_only(self) -> None:
        self.client.force_login(self.lena)
        self.assertContains(self.client.get(reverse("staff:overview")), f'href="{DASHBOARD}"')
        self.client.force_login(self.oscar)
        self.assertNotContains(self.client.get(reverse("staff:inbox")), f'href="{DASHBOARD}"')

    def test_its_queries_do_not_grow_with_the_number_of_complaints(self) -> None:
        self.client.force_login(self.lena)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(DASHBOARD).status_code, 200)
        for number in range(5):
            complaint = self.roads_complaint(f"Lubang nomor {number} di Jl. Ijen.")
            past = timezone.now() - timedelta(days=4)
            Complaint.objects.filter(pk=complaint.pk).update(respond_due_at=past)
            SlaNotice.objects.create(
                complaint=complaint, deadline=Deadline.RESPOND, step=LadderStep.ESCALATED, due_at=past
            )
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(DASHBOARD)
        self.assertEqual(len(response.context["escalated"]), 6)
        self.assertLessEqual(len(many), 25)
        self.assertEqual(len(many), len(few))
