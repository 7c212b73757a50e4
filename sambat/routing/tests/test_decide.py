"""decide_route: category default, kecamatan office by the pin's area, triage otherwise."""

from django.test import TestCase
from django.utils.translation import gettext

from sambat.agencies.choices import DepartmentKind
from sambat.complaints.choices import RoutingSource
from sambat.complaints.tests import factories as f
from sambat.routing.decide import decide_route


class DecideRouteTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_sends_a_complaint_without_category_to_triage(self) -> None:
        decision = decide_route(text="Ada masalah", category=None, area=self.people.kelurahan)
        self.assertIsNone(decision.department)
        self.assertIsNone(decision.category)
        self.assertEqual(decision.reason, gettext("No category chosen"))

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
                self.assertEqual(decision.reason, gettext("Category has no active department"))
