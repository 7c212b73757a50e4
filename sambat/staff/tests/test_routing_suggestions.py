"""The classifier's suggestions in the verification queue: the best three, each one click to accept."""

from django.urls import reverse

from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.routing.choices import ExampleKind
from sambat.routing.models import RoutingExample, RoutingPolicy
from sambat.staff.tests.personas import StaffTestCase

TRIAGE = reverse("staff:triage")


class SuggestionTests(StaffTestCase):
    def setUp(self) -> None:
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})  # no classifier here
        self.client.force_login(self.vera)
        self.complaint = self.triage_complaint("Lampu lalu lintas di perempatan mati total.")
        Complaint.objects.filter(pk=self.complaint.pk).update(
            routing_suggestions=[
                {"department": "dishub", "name": "Dinas Perhubungan", "probability": 0.61},
                {"department": "dpuprpkp", "name": "DPUPRPKP", "probability": 0.27},
                {"department": "dlh", "name": "DLH", "probability": 0.07},
                {"department": "bpbd", "name": "BPBD", "probability": 0.03},
            ]
        )

    def test_it_shows_the_best_three_with_percentages(self) -> None:
        for url in (TRIAGE, reverse("staff:complaint", args=[self.complaint.pk])):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Dinas Perhubungan · 61%")
                self.assertContains(response, "DPUPRPKP · 27%")
                self.assertContains(response, "DLH · 7%")
                self.assertNotContains(response, "BPBD")

    def test_it_leaves_out_candidates_that_would_read_0_percent(self) -> None:
        Complaint.objects.filter(pk=self.complaint.pk).update(
            routing_suggestions=[
                {"department": "dishub", "name": "Dinas Perhubungan", "probability": 0.998},
                {"department": "dpuprpkp", "name": "DPUPRPKP", "probability": 0.001},
                {"department": "dlh", "name": "DLH", "probability": 0.001},
            ]
        )
        response = self.client.get(TRIAGE)
        self.assertContains(response, "Dinas Perhubungan · 100%")
        self.assertNotContains(response, "DPUPRPKP · 0%")
        self.assertNotContains(response, "DLH · 0%")

    def test_accepting_a_suggestion_assigns_and_records_the_decision(self) -> None:
        response = self.client.post(
            reverse("staff:act", args=[self.complaint.pk, "assign"]), {"department": "dishub", "next": TRIAGE}
        )
        self.assertRedirects(response, TRIAGE)
        complaint = self.reload(self.complaint)
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, self.dishub))
        example = RoutingExample.objects.get(complaint=complaint)
        self.assertEqual(
            (example.kind, example.department, example.actor), (ExampleKind.TRIAGE_ASSIGNMENT, self.dishub, self.vera)
        )
