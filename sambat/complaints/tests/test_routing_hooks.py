"""What the complaint actions record about automatic routing: the rule, the source, the timeline sentence."""

from unittest import mock

from django.test import TestCase
from django.utils import translation

from sambat.complaints.choices import EventType, RoutingSource, Status
from sambat.complaints.tests import factories as f
from sambat.complaints.wording import event_message
from sambat.routing.decide import RouteDecision
from sambat.routing.models import RoutingPolicy


class AutomaticRouteTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        # Texts without a category would otherwise reach the classifier; these tests are about the rest.
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})

    def test_a_classifier_route_says_it_was_automatic_with_the_confidence(self) -> None:
        p = self.people
        decision = RouteDecision(department=p.dishub, category=p.parking, source=RoutingSource.MODEL, confidence=0.873)
        with mock.patch("sambat.complaints.actions.decide_route", return_value=decision):
            complaint = f.make_complaint(text="Parkir liar di depan pasar")
        complaint.refresh_from_db()
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, p.dishub))
        self.assertEqual((complaint.routing_source, complaint.auto_routing_source), ("model", "model"))
        self.assertEqual(complaint.routing_confidence, 0.873)
        self.assertIsNone(complaint.routing_rule)
        routed = complaint.events.get(event_type=EventType.ROUTED)
        self.assertTrue(routed.is_public)
        with translation.override("en"):
            self.assertEqual(event_message(routed), "Routed automatically to Dinas Perhubungan (confidence 87%).")

    def test_a_category_route_keeps_the_plain_sentence(self) -> None:
        complaint = f.make_complaint(category=self.people.roads)
        routed = complaint.events.get(event_type=EventType.ROUTED)
        self.assertEqual(routed.data["say"], "routed")
        self.assertEqual(routed.internal_note, "")
        self.assertEqual(complaint.auto_routing_source, RoutingSource.CATEGORY)

    def test_a_complaint_sent_to_triage_was_not_auto_routed(self) -> None:
        complaint = f.make_complaint(category=None)
        self.assertEqual((complaint.status, complaint.auto_routing_source), (Status.TRIAGE, ""))
