"""Routing in Django's admin: rules editable with their hit counts, examples read-only, one policy row."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sambat.complaints import actions
from sambat.complaints.tests import factories as f
from sambat.routing.models import RoutingExample, RoutingPolicy, RoutingRule
from sambat.routing.rules import forget_cached_rules


class RoutingAdminTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        RoutingPolicy.objects.create(pk=1, enabled=False)

    def setUp(self) -> None:
        forget_cached_rules()
        self.client.force_login(self.people.vera)

    def test_it_lists_rules_with_hit_counts_and_edits_order_in_place(self) -> None:
        p = self.people
        rule = RoutingRule.objects.create(name="Drainase", keywords="drainase", department=p.dpuprpkp, position=5)
        f.make_complaint(text="Drainase mampet")
        url = reverse("admin:routing_routingrule_changelist")
        response = self.client.get(url)
        self.assertContains(response, "Drainase")
        self.assertContains(response, '<td class="field-hits">1</td>', html=False)
        response = self.client.post(
            url,
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(rule.pk),
                "form-0-position": "7",
                "_save": "Save",
            },
        )
        self.assertEqual(response.status_code, 302)
        rule.refresh_from_db()
        self.assertEqual((rule.position, rule.is_active), (7, False))

    def test_it_refuses_a_rule_without_conditions(self) -> None:
        response = self.client.post(
            reverse("admin:routing_routingrule_add"),
            {"name": "Empty", "position": "1", "keywords": "", "department": self.people.dishub.pk},
        )
        with translation.override("id"):  # the admin speaks the default language
            message = gettext("A rule needs at least one condition: keywords, a category or an area.")
        self.assertContains(response, message)
        self.assertFalse(RoutingRule.objects.exists())

    def test_examples_are_read_only(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=None)
        actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        example = RoutingExample.objects.get()
        self.assertEqual(self.client.get(reverse("admin:routing_routingexample_changelist")).status_code, 200)
        change = reverse("admin:routing_routingexample_change", args=[example.pk])
        self.assertEqual(self.client.get(change).status_code, 200)
        self.assertEqual(self.client.post(change, {"kind": "correction"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("admin:routing_routingexample_add")).status_code, 403)

    def test_the_policy_has_one_row_that_cannot_be_deleted(self) -> None:
        self.assertEqual(self.client.get(reverse("admin:routing_routingpolicy_add")).status_code, 403)
        change = reverse("admin:routing_routingpolicy_change", args=[1])
        response = self.client.post(change, {"enabled": "on", "auto_route_threshold": "1.2"})
        self.assertEqual(response.status_code, 200)  # the form again, with the range error
        self.client.post(change, {"enabled": "on", "auto_route_threshold": "0.8"})
        policy = RoutingPolicy.objects.get()
        self.assertEqual((policy.enabled, policy.auto_route_threshold), (True, 0.8))
        self.assertEqual(self.client.get(reverse("admin:routing_routingpolicy_delete", args=[1])).status_code, 403)
