"""The routing accuracy page: live figures, the model in use, and the city's threshold."""

from unittest import mock

from django.urls import reverse

from sambat.complaints import actions
from sambat.routing.models import RoutingPolicy
from sambat.routing.policy import current_policy
from sambat.staff.tests.personas import StaffTestCase

ACCURACY = reverse("staff:routing_accuracy")
MODEL_INFO = {
    "version": "2026-11-23-abc123",
    "path": "/srv/models/x.npz",
    "is_default": True,
    "labels": ["dishub", "dpuprpkp"],
    "recommended_threshold": 0.64,
    "metadata": {
        "n_examples": 10000,
        "trained_at": "2026-10-31T00:00:00Z",
        "method": "an English sentence about the method",
        "metrics": {
            "time_holdout": {"n": 3273, "top1": 0.855, "top3": 0.933, "macro_f1": 0.59, "coverage_at_90": 0.924},
            "made_up": {"n": 1, "top1": 1.0},
        },
    },
}


def with_model(info: dict | None) -> mock._patch:  # type: ignore[type-arg]
    return mock.patch("sambat.routing.queries.model_info", return_value=info)


class RoutingAccuracyPageTests(StaffTestCase):
    def setUp(self) -> None:
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})  # no classifier here

    def test_it_shows_the_shares_and_each_departments_accuracy(self) -> None:
        kept = self.roads_complaint()
        moved = self.roads_complaint("Jalan rusak parah")
        self.parking_complaint()
        self.triage_complaint()
        actions.reassign_complaint(complaint=moved, actor=self.vera, department=self.dishub)
        self.assertIsNotNone(kept)
        self.client.force_login(self.vera)
        with with_model(None):
            response = self.client.get(ACCURACY)
        self.assertEqual(response.status_code, 200)
        last_30, last_90 = response.context["windows"]
        self.assertEqual((last_30.received, last_30.auto_routed, last_30.corrected), (4, 3, 1))
        self.assertContains(response, '<td data-days="30"><strong>75%</strong> (3)</td>', html=False)
        self.assertContains(response, '<td data-days="90"><strong>33%</strong> (1)</td>', html=False)
        self.assertContains(response, '<td class="accuracy-30">50%</td>', html=False)
        self.assertContains(response, '<td class="accuracy-90">100%</td>', html=False)
        self.assertContains(response, "No classifier model is loaded")

    def test_it_describes_the_model_in_use(self) -> None:
        self.client.force_login(self.lena)
        with with_model(MODEL_INFO):
            response = self.client.get(ACCURACY)
        self.assertContains(response, "2026-11-23-abc123")
        self.assertContains(response, "10000 examples (the newest from 31 October 2026)")
        self.assertContains(response, "0.64")
        self.assertContains(response, "Threshold in use: 0.64 (the model's recommendation")
        # The measured figures as a table, not the raw metadata.
        self.assertEqual([row["key"] for row in response.context["evaluations"]], ["time_holdout"])
        self.assertContains(
            response,
            '<tr data-evaluation="time_holdout"><th scope="row">Trained on one year, tested on the next</th>'
            "<td>3273</td><td>86%</td><td>93%</td><td>0.59</td><td>92%</td></tr>",
            html=True,
        )
        self.assertNotContains(response, "English sentence")

    def test_it_says_why_a_low_recommendation_is_not_used(self) -> None:
        self.client.force_login(self.lena)
        with with_model({**MODEL_INFO, "recommended_threshold": 0.34}):
            response = self.client.get(ACCURACY)
        self.assertContains(response, "Threshold in use: 0.50 (the model recommends less")

    def test_it_works_when_the_routing_service_cannot_describe_a_model(self) -> None:
        self.client.force_login(self.vera)
        with mock.patch("sambat.routing.service.current_model_info", side_effect=OSError("corrupt"), create=True):
            response = self.client.get(ACCURACY)
        self.assertContains(response, "No classifier model is loaded")

    def test_an_admin_sets_the_threshold_and_switches_the_classifier(self) -> None:
        self.client.force_login(self.vera)
        with with_model(MODEL_INFO):
            response = self.client.post(ACCURACY, {"auto_route_threshold": "0.85"})
        self.assertRedirects(response, ACCURACY)
        policy = current_policy()
        self.assertEqual((policy.enabled, policy.auto_route_threshold), (False, 0.85))
        with with_model(MODEL_INFO):
            self.client.post(ACCURACY, {"enabled": "on", "auto_route_threshold": ""})
            response = self.client.get(ACCURACY)
        policy = current_policy()
        self.assertEqual((policy.enabled, policy.auto_route_threshold), (True, None))
        self.assertContains(response, "Threshold in use: 0.64 (the model's recommendation")

    def test_a_threshold_out_of_range_changes_nothing(self) -> None:
        RoutingPolicy.objects.filter(pk=1).update(enabled=True, auto_route_threshold=0.8)
        self.client.force_login(self.vera)
        for value in ("0.3", "1", "abc"):
            with self.subTest(value=value), with_model(None):
                response = self.client.post(ACCURACY, {"enabled": "", "auto_route_threshold": value})
                self.assertEqual(response.status_code, 400)
        policy = current_policy()
        self.assertEqual((policy.enabled, policy.auto_route_threshold), (True, 0.8))

    def test_a_leader_sees_the_figures_but_not_the_settings_form(self) -> None:
        self.client.force_login(self.lena)
        with with_model(None):
            response = self.client.get(ACCURACY)
            self.assertNotContains(response, 'name="auto_route_threshold"')
            self.assertEqual(self.client.post(ACCURACY, {"auto_route_threshold": "0.9"}).status_code, 403)
        self.assertIsNone(current_policy().auto_route_threshold)

    def test_department_staff_citizens_and_strangers_are_kept_out(self) -> None:
        for user in (self.oscar, self.hana, self.bob, self.kiki, self.alice):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(ACCURACY).status_code, 403)
                self.assertEqual(self.client.post(ACCURACY, {"auto_route_threshold": "0.9"}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(ACCURACY).status_code, 302)
        self.assertEqual(self.client.post(ACCURACY, {"auto_route_threshold": "0.9"}).status_code, 302)
        self.assertIsNone(current_policy().auto_route_threshold)

    def test_it_costs_the_same_queries_however_many_complaints(self) -> None:
        for number in range(12):
            complaint = self.roads_complaint(f"Jalan rusak nomor {number}")
            if number % 3 == 0:
                actions.reassign_complaint(complaint=complaint, actor=self.vera, department=self.dishub)
            self.parking_complaint(f"Parkir nomor {number}")
        self.client.force_login(self.vera)
        with with_model(MODEL_INFO):
            self.client.get(ACCURACY)
            # session, user, policy, shares, per-department counts, department names
            with self.assertNumQueries(6):
                self.client.get(ACCURACY)
