"""decide_route: rules, then the chosen category (or the kecamatan office of the pin), then the classifier."""

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.test import TestCase, override_settings
from django.utils.translation import gettext

from sambat.agencies.choices import DepartmentKind
from sambat.agencies.models import Department
from sambat.complaints import actions
from sambat.complaints.choices import RoutingSource, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.routing import service
from sambat.routing.decide import decide_route, suggestions_for
from sambat.routing.models import RoutingPolicy, RoutingRule
from sambat.routing.textmodel import Example, train

# Enough distinct words per department for a small model to be sure of the obvious cases.
_TRAINING = {
    "dpuprpkp": [
        "jalan berlubang besar di depan sekolah",
        "aspal jalan rusak parah dan berlubang",
        "saluran got mampet air meluap ke jalan",
        "lampu penerangan jalan umum mati sudah seminggu",
        "jembatan retak dan trotoar ambles",
        "drainase tersumbat banjir setiap hujan",
    ],
    "dishub": [
        "parkir liar di bahu jalan bikin macet",
        "juru parkir minta tarif parkir mahal",
        "lampu lalu lintas di perempatan mati",
        "rambu lalu lintas roboh di persimpangan",
        "angkot ngetem sembarangan bikin macet",
        "kendaraan parkir di trotoar tiap malam",
    ],
    "dlh": [
        "sampah menumpuk di tps belum diangkut",
        "pohon tumbang menutup jalan kampung",
        "bau sampah busuk dari tempat pembuangan",
        "mohon pemangkasan pohon yang rimbun",
        "limbah pabrik mencemari sungai",
        "taman kota kotor penuh sampah plastik",
    ],
}


def _temporary_dir(cleanups: Callable[..., None]) -> Path:
    directory = Path(tempfile.mkdtemp(prefix="sambat-routing-"))
    cleanups(shutil.rmtree, directory, ignore_errors=True)
    return directory


def _small_model_dir(cleanups: Callable[..., None]) -> Path:
    examples = [Example(text=text, department=code) for code, texts in _TRAINING.items() for text in texts]
    directory = _temporary_dir(cleanups)
    train(examples, folds=3).save(directory / "routing-2026-01-01T0000Z-test.npz")
    return directory


class DecideRouteTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def setUp(self) -> None:
        # The category rules are what these tests are about: no classifier guesses in between.
        RoutingPolicy.objects.update_or_create(pk=RoutingPolicy.SINGLETON_ID, defaults={"enabled": False})

    def test_it_sends_a_complaint_without_category_to_triage_when_the_classifier_is_off(self) -> None:
        decision = decide_route(text="Ada masalah", category=None, area=self.people.kelurahan)
        self.assertIsNone(decision.department)
        self.assertIsNone(decision.category)
        self.assertTrue(decision.reason.startswith(gettext("No category chosen")))
        self.assertIn(gettext("Automatic routing is switched off."), decision.reason)

    def test_it_uses_the_categorys_default_department(self) -> None:
        decision = decide_route(text="Jalan rusak", category=self.people.roads, area=None)
        self.assertEqual(decision.department, self.people.dpuprpkp)
        self.assertEqual((decision.source, decision.confidence), (RoutingSource.CATEGORY, 1.0))

    def test_it_sends_a_kecamatan_category_to_the_office_of_the_area(self) -> None:
        p = self.people
        for area in (p.kelurahan, p.kecamatan):
            with self.subTest(area=area.level):
                decision = decide_route(text="PKL", category=p.public_order, area=area)
                self.assertEqual(decision.department, p.kecamatan_office)
                self.assertEqual(decision.source, RoutingSource.AREA)

    def test_it_ignores_an_inactive_kecamatan_office(self) -> None:
        p = self.people
        kecamatan, kelurahan = f.make_kecamatan_and_kelurahan(lat=-7.9, lon=112.7)
        f.make_department(kind=DepartmentKind.KECAMATAN, area=kecamatan, is_active=False)
        decision = decide_route(text="PKL", category=p.public_order, area=kelurahan)
        self.assertIsNone(decision.department)
        self.assertEqual(decision.category, p.public_order)

    def test_it_falls_back_to_the_default_department_outside_any_kecamatan(self) -> None:
        category = f.make_category(department=self.people.dpuprpkp, handled_by_kecamatan=True)
        decision = decide_route(text="PKL", category=category, area=None)
        self.assertEqual(decision.department, self.people.dpuprpkp)
        self.assertEqual(decision.source, RoutingSource.CATEGORY)

    def test_it_sends_a_category_without_active_department_to_triage(self) -> None:
        for department in (None, f.make_department(is_active=False)):
            with self.subTest(department=department):
                category = f.make_category(department=department)
                decision = decide_route(text="x", category=category, area=None)
                self.assertIsNone(decision.department)
                self.assertEqual(decision.category, category)
                self.assertTrue(decision.reason.startswith(gettext("Category has no active department")))


class RuleFirstTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_a_matching_rule_outranks_the_chosen_category(self) -> None:
        p = self.people
        rule = RoutingRule.objects.create(name="Parkir", keywords="parkir", department=p.dishub)
        decision = decide_route(text="Jalan rusak karena parkir truk", category=p.roads, area=None)
        self.assertEqual((decision.department, decision.source, decision.rule), (p.dishub, RoutingSource.RULE, rule))
        self.assertEqual(decision.category, p.roads)

    def test_a_rule_sets_its_category_when_the_citizen_chose_none(self) -> None:
        p = self.people
        RoutingRule.objects.create(name="Parkir", keywords="jukir", department=p.dishub, target_category=p.parking)
        decision = decide_route(text="Jukir minta uang", category=None, area=None)
        self.assertEqual((decision.department, decision.category), (p.dishub, p.parking))

    def test_a_rule_for_a_kecamatan_category_sends_to_the_office_of_the_pin(self) -> None:
        p = self.people
        RoutingRule.objects.create(name="PKL", keywords="pkl", department=p.dpuprpkp, target_category=p.public_order)
        decision = decide_route(text="PKL di trotoar", category=None, area=p.kelurahan)
        self.assertEqual(decision.department, p.kecamatan_office)


class SmallModelTestCase(TestCase):
    """A real (small) model trained from the texts above, loaded from a model directory like a city's."""

    people: f.Personas
    dlh: Department
    model_dir: Path

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.model_dir = _small_model_dir(cls.addClassCleanup)
        cls.enterClassContext(override_settings(ROUTING_MODEL_DIR=cls.model_dir))

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        cls.dlh = f.make_department(code="dlh", name="Dinas Lingkungan Hidup")

    def set_threshold(self, value: float | None) -> None:
        RoutingPolicy.objects.update_or_create(
            pk=RoutingPolicy.SINGLETON_ID, defaults={"enabled": True, "auto_route_threshold": value}
        )


class ClassifierRouteTests(SmallModelTestCase):
    def test_it_routes_a_confident_prediction_directly(self) -> None:
        self.set_threshold(0.5)
        decision = decide_route(text="Jalan di kampung kami berlubang dan aspalnya rusak", category=None, area=None)
        self.assertEqual(decision.department, self.people.dpuprpkp)
        self.assertEqual(decision.source, RoutingSource.MODEL)
        assert decision.confidence is not None
        self.assertGreaterEqual(decision.confidence, 0.5)
        self.assertEqual(decision.suggestions[0]["department"], "dpuprpkp")
        self.assertEqual(len(decision.suggestions), 3)
        probabilities = [item["probability"] for item in decision.suggestions]
        self.assertEqual(probabilities, sorted(probabilities, reverse=True))
        self.assertAlmostEqual(sum(probabilities), 1.0, places=2)

    def test_below_the_threshold_it_goes_to_triage_with_the_top_three(self) -> None:
        self.set_threshold(0.99)
        decision = decide_route(text="sampah menumpuk di pinggir jalan", category=None, area=None)
        self.assertIsNone(decision.department)
        self.assertIn(gettext("No category chosen"), decision.reason)
        self.assertEqual(len(decision.suggestions), 3)
        self.assertEqual(decision.suggestions[0]["department"], "dlh")
        self.assertEqual(decision.suggestions[0]["name"], "Dinas Lingkungan Hidup")

    def test_the_citizens_category_outranks_the_classifier(self) -> None:
        self.set_threshold(0.5)
        decision = decide_route(text="sampah menumpuk di tps", category=self.people.parking, area=None)
        self.assertEqual((decision.department, decision.source), (self.people.dishub, RoutingSource.CATEGORY))

    def test_a_category_without_department_is_decided_by_the_classifier(self) -> None:
        self.set_threshold(0.5)
        other = f.make_category(department=None)
        decision = decide_route(text="parkir liar bikin macet di trotoar", category=other, area=None)
        self.assertEqual((decision.department, decision.source), (self.people.dishub, RoutingSource.MODEL))
        self.assertEqual(decision.category, other)

    def test_a_department_the_city_does_not_have_is_never_chosen(self) -> None:
        self.set_threshold(0.5)
        self.dlh.is_active = False
        self.dlh.save()
        decision = decide_route(text="sampah menumpuk di tps belum diangkut", category=None, area=None)
        self.assertNotIn("dlh", [item["department"] for item in decision.suggestions])
        self.assertNotEqual(decision.department, self.dlh)

    def test_text_without_meaning_goes_to_triage_with_a_reason(self) -> None:
        self.set_threshold(0.5)
        for text in ("", "   ", "🙏🙏🙏😡", "?!", "The weather in Oslo is lovely", "x" * 100_000):
            with self.subTest(text=text[:20]):
                decision = decide_route(text=text, category=None, area=None)
                self.assertIsNone(decision.department)
                self.assertGreater(len(decision.reason), len(gettext("No category chosen")))

    def test_a_very_long_text_is_classified_without_error(self) -> None:
        self.set_threshold(0.5)
        text = "jalan berlubang dan aspal rusak. " * 3000
        decision = decide_route(text=text, category=None, area=None)
        self.assertEqual(decision.department, self.people.dpuprpkp)


class ReturnSuggestionsTests(SmallModelTestCase):
    """After "bukan kewenangan", the verifier sees the classifier's other candidates."""

    def test_a_returned_complaint_offers_the_other_likely_departments(self) -> None:
        p = self.people
        complaint = f.make_complaint_in(Status.ASSIGNED, department=p.dpuprpkp, text="Jalan berlubang dan aspal rusak")
        returned = actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Jalan provinsi.")
        codes = [item["department"] for item in returned.routing_suggestions]
        self.assertEqual(sorted(codes), ["dishub", "dlh"])  # everything it knows but the returning department
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).routing_suggestions, returned.routing_suggestions)

    def test_no_suggestions_while_the_classifier_is_switched_off(self) -> None:
        RoutingPolicy.objects.update_or_create(pk=RoutingPolicy.SINGLETON_ID, defaults={"enabled": False})
        self.assertEqual(suggestions_for("parkir liar bikin macet", exclude=None), [])
        self.set_threshold(0.5)
        self.assertEqual(suggestions_for("parkir liar bikin macet", exclude=None)[0]["department"], "dishub")
        self.assertEqual(suggestions_for("🙏🙏", exclude=None), [])


class ModelFileTroubleTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_a_corrupt_model_file_sends_complaints_to_triage_and_logs_an_error(self) -> None:
        directory = _temporary_dir(self.addCleanup)
        (directory / "routing-2099-01-01T0000Z-broken.npz").write_bytes(b"PK\x03\x04 not really a zip")
        with override_settings(ROUTING_MODEL_DIR=directory), self.assertLogs("sambat.routing", "ERROR") as logs:
            decision = decide_route(text="Jalan berlubang di depan sekolah", category=None, area=None)
        self.assertIsNone(decision.department)
        self.assertIn(gettext("The routing model is unavailable."), decision.reason)
        self.assertIn("broken", "\n".join(logs.output))

    def test_a_new_model_file_is_picked_up_without_a_restart(self) -> None:
        directory = _small_model_dir(self.addCleanup)
        with override_settings(ROUTING_MODEL_DIR=directory):
            first = service.current_model()
            assert first is not None
            newer = train(
                [Example(text=text, department=code) for code, texts in _TRAINING.items() for text in texts[:4]],
                folds=2,
            )
            newer.save(directory / "routing-2099-01-01T0000Z-newer.npz")
            second = service.current_model()
        assert second is not None
        self.assertNotEqual(first.version, second.version)
        self.assertEqual(second.version, newer.version)
