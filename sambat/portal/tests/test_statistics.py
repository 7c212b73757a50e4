"""The public statistics page: open to anyone, per department, aggregates only."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import make_complaint_in, make_department
from sambat.portal.tests.helpers import PortalTestCase

STATISTICS = reverse("portal:statistics")


class PublicStatisticsTests(PortalTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.quiet = make_department(code="diskominfo", name="Dinas Komunikasi dan Informatika")
        self.answered = make_complaint_in(
            Status.CLOSED,
            department=self.p.dpuprpkp,
            officer=self.p.oscar,
            category=self.p.roads,
            text="Jalan berlubang di depan rumah Pak Slamet, Jl. Kawi 12.",
            reporter_name="Slamet Riyadi",
            reporter_phone="081234509876",
            reporter_email="slamet@example.org",
        )
        self.rated = make_complaint_in(
            Status.RESOLVED, department=self.p.dpuprpkp, officer=self.p.oscar, category=self.p.roads
        )
        actions.rate_complaint(complaint=self.rated, rating=4, comment="Cepat, terima kasih Bu Ani.")
        self.secret = make_complaint_in(
            Status.ASSIGNED,
            department=self.p.dishub,
            category=self.p.parking,
            text="Rahasia: pungli juru parkir di Jl. Ijen.",
            privacy=Privacy.CONFIDENTIAL,
            reporter_name="Saksi Rahasia",
        )
        # Dishub missed its response deadline: not on time.
        Complaint.objects.filter(pk=self.secret.pk).update(respond_due_at=timezone.now() - timedelta(days=2))

    def test_it_is_open_to_anyone(self) -> None:
        response = self.client.get(STATISTICS)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Statistics")

    def test_it_shows_each_department_with_complaints_and_omits_the_others(self) -> None:
        response = self.client.get(STATISTICS)
        recent = response.context["windows"][0]
        rows = {row.name: row for row in recent.rows}
        self.assertEqual(set(rows), {self.p.dpuprpkp.name, self.p.dishub.name})
        self.assertNotContains(response, self.quiet.name)
        roads, transport = rows[self.p.dpuprpkp.name], rows[self.p.dishub.name]
        self.assertEqual(
            (roads.received, roads.on_time_percent, roads.rating_average, roads.ratings), (2, 100.0, 4.0, 1)
        )
        self.assertEqual((transport.received, transport.on_time_percent, transport.rating_average), (1, 0.0, None))
        self.assertIsNotNone(roads.response_hours_median)
        self.assertIsNone(transport.response_hours_median)
        self.assertEqual(response.context["windows"][1].key, "period")

    def test_it_shows_no_complaint_text_name_contact_or_code(self) -> None:
        content = self.client.get(STATISTICS).content.decode()
        for complaint in (self.answered, self.rated, self.secret):
            self.assertNotIn(complaint.tracking_code, content)
        for private in (
            "Slamet",
            "081234509876",
            "slamet@example.org",
            "Jalan berlubang di depan rumah",
            "Rahasia",
            "pungli",
            "Bu Ani",
            "Saksi",
            self.p.oscar.username,
        ):
            self.assertNotIn(private, content)

    def test_its_figures_are_a_table_and_the_chart_only_an_extra(self) -> None:
        response = self.client.get(STATISTICS)
        self.assertContains(response, '<table class="striped statistics-table">', count=2)
        self.assertContains(response, 'data-chart="on_time"')
        self.assertContains(response, '<figure class="statistics-chart" hidden>')
        self.assertContains(response, 'id="statistics-data"')

    def test_it_is_linked_from_every_portal_page(self) -> None:
        self.assertContains(self.client.get(reverse("portal:home")), f'href="{STATISTICS}"')

    def test_it_is_cached_briefly(self) -> None:
        self.client.get(STATISTICS)
        with CaptureQueriesContext(connection) as cached:
            response = self.client.get(STATISTICS)
        self.assertEqual(len(cached), 0)
        self.assertIn("max-age=60", response["Cache-Control"])
        cache.clear()
        with CaptureQueriesContext(connection) as fresh:
            self.client.get(STATISTICS)
        self.assertLessEqual(len(fresh), 8)  # per window: counts, times, departments
