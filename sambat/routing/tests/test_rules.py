"""Admins' routing rules: which complaint a rule matches, in which order, and how many it routed."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from sambat.agencies.choices import AreaLevel
from sambat.complaints.choices import EventType, RoutingSource, Status
from sambat.complaints.tests import factories as f
from sambat.routing import queries
from sambat.routing.models import RoutingPolicy, RoutingRule
from sambat.routing.rules import first_matching_rule, forget_cached_rules, normalise, split_keywords


def make_rule(**fields: object) -> RoutingRule:
    fields.setdefault("name", "rule")
    rule = RoutingRule(**fields)
    rule.full_clean()
    rule.save()
    return rule


class KeywordTests(TestCase):
    def test_it_splits_keywords_on_lines_commas_and_semicolons(self) -> None:
        self.assertEqual(
            split_keywords("drainase, saluran air\n  gorong-gorong ;\n\n, ,banjir"),
            ["drainase", "saluran air", "gorong-gorong", "banjir"],
        )

    def test_it_normalises_case_accents_and_punctuation(self) -> None:
        self.assertEqual(normalise("  Jalan RUSAK!! di Kécamatan  Sukun… "), " jalan rusak di kecamatan sukun ")
        self.assertEqual(normalise("🙏🙏"), "")


class MatchingTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def setUp(self) -> None:
        forget_cached_rules()

    def match(self, text: str, *, category: object = None, area: object = None) -> RoutingRule | None:
        return first_matching_rule(text=text, category=category, area=area)  # type: ignore[arg-type]

    def test_it_matches_any_phrase_as_whole_words_ignoring_case_and_accents(self) -> None:
        rule = make_rule(keywords="saluran air\ndrainase", department=self.people.dpuprpkp)
        for text in ("SALURAN AIR mampet", "Drainase, tolong!", "drainasé di gang 3", "ada (drainase) jebol"):
            with self.subTest(text=text):
                self.assertEqual(self.match(text), rule)
        for text in ("salurannya air", "drainasenya", "air saluran", "subdrainase"):
            with self.subTest(text=text):
                self.assertIsNone(self.match(text))

    def test_it_requires_every_condition_given(self) -> None:
        p = self.people
        rule = make_rule(keywords="parkir", category=p.parking, department=p.dishub)
        self.assertEqual(self.match("parkir liar", category=p.parking), rule)
        self.assertIsNone(self.match("parkir liar", category=p.roads))
        self.assertIsNone(self.match("parkir liar", category=None))
        self.assertIsNone(self.match("pedagang", category=p.parking))

    def test_it_matches_a_category_without_keywords(self) -> None:
        rule = make_rule(category=self.people.roads, department=self.people.dishub)
        self.assertEqual(self.match("apa saja", category=self.people.roads), rule)

    def test_a_kecamatan_rule_matches_its_kelurahan_and_itself(self) -> None:
        p = self.people
        rule = make_rule(keywords="drainase", area=p.kecamatan, department=p.dpuprpkp)
        self.assertEqual(self.match("drainase", area=p.kelurahan), rule)
        self.assertEqual(self.match("drainase", area=p.kecamatan), rule)
        other_kecamatan, other_kelurahan = f.make_kecamatan_and_kelurahan(lat=-8.0, lon=112.6)
        self.assertIsNone(self.match("drainase", area=other_kelurahan))
        self.assertIsNone(self.match("drainase", area=other_kecamatan))
        self.assertIsNone(self.match("drainase", area=None))

    def test_a_kelurahan_rule_matches_only_that_kelurahan(self) -> None:
        p = self.people
        rule = make_rule(area=p.kelurahan, department=p.dpuprpkp)
        self.assertEqual(p.kelurahan.level, AreaLevel.KELURAHAN)
        self.assertEqual(self.match("x", area=p.kelurahan), rule)
        self.assertIsNone(self.match("x", area=p.kecamatan))

    def test_the_first_rule_in_order_wins_and_inactive_rules_are_skipped(self) -> None:
        p = self.people
        second = make_rule(name="second", keywords="sampah", department=p.dishub, position=20)
        first = make_rule(name="first", keywords="sampah", department=p.dpuprpkp, position=10)
        self.assertEqual(self.match("sampah menumpuk"), first)
        first.is_active = False
        first.save()
        self.assertEqual(self.match("sampah menumpuk"), second)

    def test_it_skips_a_rule_whose_department_is_inactive(self) -> None:
        closed = f.make_department(is_active=False)
        make_rule(keywords="sampah", department=closed, position=1)
        fallback = make_rule(keywords="sampah", department=self.people.dishub, position=2)
        self.assertEqual(self.match("sampah"), fallback)

    def test_it_sees_changes_made_by_another_process(self) -> None:
        rule = make_rule(keywords="sampah", department=self.people.dishub)
        self.assertEqual(self.match("sampah"), rule)
        # Another worker changes the row directly: this process's copy must not be trusted.
        RoutingRule.objects.filter(pk=rule.pk).update(keywords="lampu")
        self.assertEqual(self.match("sampah"), rule)  # same version: the cached copy, by design
        RoutingRule.objects.filter(pk=rule.pk).update(keywords="lampu", updated_at=f.days_ago(-1))
        self.assertIsNone(self.match("sampah"))
        self.assertEqual(self.match("lampu mati"), rule)

    def test_it_costs_one_query_when_nothing_matches(self) -> None:
        for number in range(20):
            make_rule(name=f"r{number}", keywords=f"kata{number}", department=self.people.dishub)
        self.match("warm up the cache")
        with self.assertNumQueries(1):
            self.assertIsNone(self.match("tidak ada yang cocok"))

    def test_a_rule_without_any_condition_is_invalid(self) -> None:
        for keywords in ("", " , \n ;", "!!!"):
            with self.subTest(keywords=keywords), self.assertRaises(ValidationError):
                make_rule(keywords=keywords, department=self.people.dishub)


class RuleRoutingTests(TestCase):
    """A matching rule routes the submission, and the rule counts what it routed."""

    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        # Texts without a category would otherwise reach the classifier; these tests are about the rest.
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})

    def setUp(self) -> None:
        forget_cached_rules()

    def test_it_routes_by_rule_and_counts_the_hits(self) -> None:
        p = self.people
        rule = make_rule(name="Drainase Klojen", keywords="drainase", area=p.kecamatan, department=p.dpuprpkp)
        other = make_rule(name="Unused", keywords="kembang api", department=p.dishub)
        routed = [
            f.make_complaint(text=f"Drainase mampet nomor {n}", latitude=f.MALANG_LAT, longitude=f.MALANG_LON)
            for n in range(3)
        ]
        elsewhere = f.make_complaint(text="Drainase mampet", category=p.parking)
        for complaint in routed:
            complaint.refresh_from_db()
            self.assertEqual(complaint.status, Status.ASSIGNED)
            self.assertEqual(complaint.department, p.dpuprpkp)
            self.assertEqual(complaint.routing_rule, rule)
            self.assertEqual(complaint.routing_source, RoutingSource.RULE)
            self.assertEqual(complaint.auto_routing_source, RoutingSource.RULE)
        self.assertIsNone(elsewhere.routing_rule)
        hits = {r.name: getattr(r, "hit_count", None) for r in queries.rules_with_hits()}
        self.assertEqual(hits, {"Drainase Klojen": 3, "Unused": 0})
        self.assertEqual(other.routed_complaints.count(), 0)

    def test_the_rule_name_stays_off_the_public_timeline(self) -> None:
        p = self.people
        make_rule(name="Secret arrangement", keywords="drainase", department=p.dpuprpkp)
        complaint = f.make_complaint(text="Drainase mampet")
        routed = complaint.events.get(event_type=EventType.ROUTED)
        self.assertTrue(routed.is_public)
        self.assertEqual(routed.public_message, "")
        self.assertIn("Secret arrangement", routed.internal_note)
        self.assertNotIn("Secret arrangement", str(routed.data))

    def test_deleting_a_rule_keeps_the_complaints_it_routed(self) -> None:
        p = self.people
        rule = make_rule(keywords="drainase", department=p.dpuprpkp)
        complaint = f.make_complaint(text="Drainase mampet")
        rule.delete()
        complaint.refresh_from_db()
        self.assertIsNone(complaint.routing_rule)
        self.assertEqual(complaint.department, p.dpuprpkp)
