"""The routing rules page: admins write and order rules, leaders look, department staff are kept out."""

from django.urls import reverse

from sambat.complaints.models import Complaint
from sambat.routing.models import RoutingPolicy, RoutingRule
from sambat.routing.rules import forget_cached_rules
from sambat.staff.tests.personas import KAUMAN_LAT, KAUMAN_LON, StaffTestCase

RULES = reverse("staff:routing_rules")
NEW = reverse("staff:routing_rule_new")


def rule_urls(rule: RoutingRule) -> dict[str, str]:
    return {
        "edit": reverse("staff:routing_rule_edit", args=[rule.pk]),
        "delete": reverse("staff:routing_rule_delete", args=[rule.pk]),
        "toggle": reverse("staff:routing_rule_toggle", args=[rule.pk]),
        "up": reverse("staff:routing_rule_move", args=[rule.pk, "up"]),
        "down": reverse("staff:routing_rule_move", args=[rule.pk, "down"]),
    }


class RoutingRulesPageTests(StaffTestCase):
    def setUp(self) -> None:
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})  # no classifier here
        forget_cached_rules()

    def make_rule(self, name: str, position: int, **fields: object) -> RoutingRule:
        fields.setdefault("keywords", name.lower())
        fields.setdefault("department", self.dpuprpkp)
        return RoutingRule.objects.create(name=name, position=position, **fields)

    def names_in_order(self) -> list[str]:
        return list(RoutingRule.objects.order_by("position", "id").values_list("name", flat=True))

    def test_it_lists_rules_in_order_with_how_many_complaints_each_routed(self) -> None:
        drainage = self.make_rule("Drainase", 10, area=self.klojen)
        self.make_rule("Trotoar", 20, department=self.dishub, category=self.parking)
        for number in range(2):
            self.file(f"Drainase mampet {number}", latitude=KAUMAN_LAT, longitude=KAUMAN_LON)
        self.client.force_login(self.vera)
        response = self.client.get(RULES)
        self.assertEqual([rule.name for rule in response.context["rules"]], ["Drainase", "Trotoar"])
        self.assertEqual(
            {rule.name: rule.hit_count for rule in response.context["rules"]}, {"Drainase": 2, "Trotoar": 0}
        )
        self.assertContains(response, f'<tr data-rule="{drainage.pk}">')
        self.assertContains(response, '<td class="hits">2</td>', html=False)
        self.assertContains(response, "Klojen")
        self.assertContains(response, rule_urls(drainage)["edit"])

    def test_an_admin_creates_a_rule_at_the_end_of_the_order(self) -> None:
        self.make_rule("First", 10)
        self.client.force_login(self.vera)
        self.assertEqual(self.client.get(NEW).status_code, 200)
        response = self.client.post(
            NEW,
            {
                "name": "Parkir Sukun",
                "keywords": "parkir liar\ntrotoar",
                "area": self.sukun.pk,
                "department": self.dishub.pk,
                "target_category": self.parking.pk,
                "is_active": "on",
            },
        )
        self.assertRedirects(response, RULES)
        rule = RoutingRule.objects.get(name="Parkir Sukun")
        self.assertEqual(
            (rule.position, rule.area, rule.department, rule.target_category),
            (20, self.sukun, self.dishub, self.parking),
        )
        self.assertEqual(rule.keyword_list, ["parkir liar", "trotoar"])
        self.assertTrue(rule.is_active)
        complaint = self.file("Banyak parkir liar di sini", latitude=-8.0100, longitude=112.6100)
        self.assertEqual(self.reload(complaint).routing_rule, rule)

    def test_an_invalid_rule_changes_nothing_and_says_why(self) -> None:
        rule = self.make_rule("Existing", 10)
        self.client.force_login(self.vera)
        cases = [
            (NEW, {"name": "No condition", "keywords": " , ", "department": self.dishub.pk}),
            (NEW, {"name": "No department", "keywords": "banjir"}),
            (NEW, {"name": "", "keywords": "banjir", "department": self.dishub.pk}),
            (rule_urls(rule)["edit"], {"name": "Existing", "keywords": "", "department": self.dishub.pk}),
        ]
        for url, data in cases:
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Nothing was changed", status_code=400)
        response = self.client.post(NEW, cases[0][1])
        self.assertContains(response, "A rule needs at least one condition", status_code=400)
        self.assertEqual(self.names_in_order(), ["Existing"])
        rule.refresh_from_db()
        self.assertEqual((rule.keywords, rule.department), ("existing", self.dpuprpkp))

    def test_an_admin_edits_a_rule(self) -> None:
        rule = self.make_rule("Banjir", 10)
        self.client.force_login(self.vera)
        response = self.client.post(
            rule_urls(rule)["edit"],
            {"name": "Banjir dan genangan", "keywords": "banjir, genangan", "department": self.dishub.pk},
        )
        self.assertRedirects(response, RULES)
        rule.refresh_from_db()
        self.assertEqual(
            (rule.name, rule.department, rule.is_active, rule.position), ("Banjir dan genangan", self.dishub, False, 10)
        )

    def test_an_admin_moves_rules_up_and_down(self) -> None:
        a, b, c = self.make_rule("A", 10), self.make_rule("B", 20), self.make_rule("C", 30)
        self.client.force_login(self.vera)
        self.assertRedirects(self.client.post(rule_urls(c)["up"]), RULES)
        self.assertEqual(self.names_in_order(), ["A", "C", "B"])
        self.client.post(rule_urls(a)["down"])
        self.assertEqual(self.names_in_order(), ["C", "A", "B"])
        self.client.post(rule_urls(c)["up"])  # already first: nothing moves
        self.client.post(rule_urls(b)["down"])  # already last
        self.assertEqual(self.names_in_order(), ["C", "A", "B"])
        self.assertEqual(self.client.post(reverse("staff:routing_rule_move", args=[a.pk, "sideways"])).status_code, 404)

    def test_an_admin_switches_a_rule_off_and_on(self) -> None:
        rule = self.make_rule("Sampah", 10, keywords="sampah")
        self.client.force_login(self.vera)
        self.client.post(rule_urls(rule)["toggle"])
        rule.refresh_from_db()
        self.assertFalse(rule.is_active)
        complaint = self.triage_complaint("Sampah menumpuk di gang")
        self.assertIsNone(self.reload(complaint).routing_rule)
        self.client.post(rule_urls(rule)["toggle"])
        rule.refresh_from_db()
        self.assertTrue(rule.is_active)
        self.assertEqual(self.reload(self.triage_complaint("Sampah lagi")).routing_rule, rule)

    def test_an_admin_deletes_a_rule_after_confirming(self) -> None:
        rule = self.make_rule("Hapus", 10)
        complaint = self.triage_complaint("hapus ini")
        self.assertEqual(self.reload(complaint).routing_rule, rule)
        self.client.force_login(self.vera)
        self.assertContains(self.client.get(rule_urls(rule)["delete"]), "Delete the rule")
        self.assertTrue(RoutingRule.objects.filter(pk=rule.pk).exists())
        self.assertRedirects(self.client.post(rule_urls(rule)["delete"]), RULES)
        self.assertFalse(RoutingRule.objects.filter(pk=rule.pk).exists())
        self.assertEqual(self.reload(complaint).department, self.dpuprpkp)

    def test_a_leader_may_look_but_not_change(self) -> None:
        rule = self.make_rule("Lihat saja", 10)
        self.client.force_login(self.lena)
        response = self.client.get(RULES)
        self.assertContains(response, "Lihat saja")
        self.assertNotContains(response, NEW)
        self.assertNotContains(response, rule_urls(rule)["edit"])
        self.assertNotContains(response, rule_urls(rule)["toggle"])
        self.assertNotContains(response, rule_urls(rule)["up"])
        for url in (NEW, rule_urls(rule)["edit"], rule_urls(rule)["delete"]):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        for url in rule_urls(rule).values():
            with self.subTest(url=url):
                self.assertEqual(
                    self.client.post(url, {"name": "x", "keywords": "x", "department": self.dishub.pk}).status_code, 403
                )
        self.assertEqual(
            list(RoutingRule.objects.values_list("name", "position", "is_active")), [("Lihat saja", 10, True)]
        )

    def test_department_staff_citizens_and_strangers_are_kept_out(self) -> None:
        rule = self.make_rule("Rahasia", 10)
        urls = [RULES, NEW, *rule_urls(rule).values()]
        for user in (self.oscar, self.hana, self.bob, self.kiki, self.alice):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(
                        self.client.get(url).status_code, 403 if "pindah" not in url and "aktif" not in url else 405
                    )
                    self.assertEqual(
                        self.client.post(url, {"name": "x", "keywords": "x", "department": self.dishub.pk}).status_code,
                        403,
                    )
        self.client.logout()
        for url in urls:
            with self.subTest(anonymous=url):
                self.assertIn(self.client.post(url).status_code, (302, 403))
                self.assertIn(self.client.get(url).status_code, (302, 405))
        self.assertEqual(
            list(RoutingRule.objects.values_list("name", "position", "is_active")), [("Rahasia", 10, True)]
        )

    def test_changes_need_the_csrf_token(self) -> None:
        rule = self.make_rule("Token", 10)
        self.client.force_login(self.vera)
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.vera)
        for url in (NEW, *rule_urls(rule).values()):
            with self.subTest(url=url):
                self.assertEqual(
                    client.post(url, {"name": "x", "keywords": "x", "department": self.dishub.pk}).status_code, 403
                )
        self.assertEqual(RoutingRule.objects.count(), 1)

    def test_the_list_costs_the_same_queries_for_many_rules(self) -> None:
        for number in range(25):
            self.make_rule(
                f"Rule {number}", number, area=self.kauman, category=self.roads, target_category=self.parking
            )
        self.file("rule 3 kata", category=self.roads, latitude=KAUMAN_LAT, longitude=KAUMAN_LON)
        self.assertEqual(Complaint.objects.filter(routing_rule__isnull=False).count(), 1)
        self.client.force_login(self.vera)
        self.client.get(RULES)
        # session, user, rules with their hit counts (department, categories and area joined)
        with self.assertNumQueries(3):
            response = self.client.get(RULES)
        self.assertEqual(len(response.context["rules"]), 25)

    def test_the_navigation_links_to_the_routing_pages_for_admins_and_leaders_only(self) -> None:
        for user, shown in ((self.vera, True), (self.lena, True), (self.oscar, False)):
            self.client.force_login(user)
            response = self.client.get(reverse("staff:inbox"))
            with self.subTest(user=user.username):
                if shown:
                    self.assertContains(response, RULES)
                    self.assertContains(response, reverse("staff:routing_accuracy"))
                else:
                    self.assertNotContains(response, RULES)
