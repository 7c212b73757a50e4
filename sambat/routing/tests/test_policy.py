"""The city's routing policy: one row, and the threshold it gives the classifier."""

from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings

from sambat.routing.models import RoutingPolicy
from sambat.routing.policy import auto_route_threshold, classifier_enabled, current_policy


class PolicyTests(TestCase):
    def test_it_creates_the_single_row_with_defaults(self) -> None:
        policy = current_policy()
        self.assertEqual((policy.pk, policy.enabled, policy.auto_route_threshold), (1, True, None))
        self.assertEqual(current_policy().pk, policy.pk)
        self.assertEqual(RoutingPolicy.objects.count(), 1)
        self.assertTrue(classifier_enabled())

    def test_the_citys_threshold_outranks_the_models_recommendation(self) -> None:
        RoutingPolicy.objects.create(pk=1, auto_route_threshold=0.8)
        self.assertEqual(auto_route_threshold(0.62), 0.8)
        self.assertEqual(auto_route_threshold(None), 0.8)

    def test_without_a_city_value_it_uses_the_recommendation_then_the_setting(self) -> None:
        self.assertEqual(auto_route_threshold(0.62), 0.62)
        self.assertEqual(auto_route_threshold(0.3), 0.5)  # never below one chance in two
        with override_settings(ROUTING_DEFAULT_THRESHOLD=0.75):
            self.assertEqual(auto_route_threshold(None), 0.75)

    @override_settings()
    def test_it_falls_back_to_0_7_when_nothing_is_configured(self) -> None:
        from django.conf import settings

        if hasattr(settings, "ROUTING_DEFAULT_THRESHOLD"):
            del settings.ROUTING_DEFAULT_THRESHOLD
        self.assertEqual(auto_route_threshold(None), 0.7)

    def test_the_database_refuses_a_second_row_or_a_threshold_out_of_range(self) -> None:
        current_policy()
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoutingPolicy.objects.create(pk=2)
        with self.assertRaises(IntegrityError), transaction.atomic():
            RoutingPolicy.objects.filter(pk=1).update(auto_route_threshold=1.5)
