"""Area lookup from a map pin, kecamatan offices and department membership."""

from django.test import TestCase

from sambat.accounts.choices import Role
from sambat.agencies import queries
from sambat.agencies.choices import AreaLevel, DepartmentKind
from sambat.agencies.models import Membership
from sambat.complaints.tests import factories as f


class AreaLookupTests(TestCase):
    def test_it_finds_the_kelurahan_of_a_pin(self) -> None:
        kecamatan, kelurahan = f.make_kecamatan_and_kelurahan()
        neighbour = f.make_area(lat=f.MALANG_LAT, lon=f.MALANG_LON + 0.02, parent=kecamatan)
        self.assertEqual(queries.find_kelurahan(lat=f.MALANG_LAT, lon=f.MALANG_LON), kelurahan)
        self.assertEqual(queries.find_kelurahan(lat=f.MALANG_LAT, lon=f.MALANG_LON + 0.025), neighbour)
        self.assertIsNone(queries.find_kelurahan(lat=f.OUTSIDE_LAT, lon=f.OUTSIDE_LON))
        # Inside the kecamatan but in no kelurahan of it.
        self.assertIsNone(queries.find_kelurahan(lat=f.MALANG_LAT + 0.04, lon=f.MALANG_LON))

    def test_it_tests_the_polygon_not_only_the_bounding_box(self) -> None:
        # A triangle: the corner of its bounding box is outside it.
        lat, lon = -7.95, 112.60
        triangle = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.02, lat], [lon, lat + 0.02], [lon, lat]]]}
        area = f.make_area(boundary=triangle, lat=lat, lon=lon)
        self.assertEqual(queries.find_kelurahan(lat=lat + 0.002, lon=lon + 0.002), area)
        self.assertIsNone(queries.find_kelurahan(lat=lat + 0.018, lon=lon + 0.018))

    def test_it_finds_the_kelurahan_around_an_enclave(self) -> None:
        lat, lon = -7.90, 112.70
        outer = f.make_area(
            lat=lat,
            lon=lon,
            half=0.02,
            boundary={
                "type": "Polygon",
                "coordinates": [
                    f.square(lat, lon, 0.02)["coordinates"][0],
                    f.square(lat, lon, 0.005)["coordinates"][0],
                ],
            },
        )
        inner = f.make_area(lat=lat, lon=lon, half=0.005)
        self.assertEqual(queries.find_kelurahan(lat=lat, lon=lon), inner)
        self.assertEqual(queries.find_kelurahan(lat=lat + 0.01, lon=lon), outer)

    def test_it_walks_up_to_the_kecamatan_and_its_office(self) -> None:
        kecamatan, kelurahan = f.make_kecamatan_and_kelurahan()
        self.assertEqual(queries.kecamatan_of(kelurahan), kecamatan)
        self.assertEqual(queries.kecamatan_of(kecamatan), kecamatan)
        self.assertIsNone(queries.kecamatan_of(None))
        self.assertIsNone(queries.kecamatan_of(f.make_area(level=AreaLevel.KOTA)))
        self.assertIsNone(queries.kecamatan_office(kelurahan))
        office = f.make_department(kind=DepartmentKind.KECAMATAN, area=kecamatan)
        self.assertEqual(queries.kecamatan_office(kelurahan), office)
        self.assertEqual(queries.kecamatan_office(kecamatan), office)
        self.assertEqual(list(queries.kecamatan_list()), [kecamatan])


class MembershipTests(TestCase):
    def test_it_lists_the_departments_a_user_works_for(self) -> None:
        roads, transport = f.make_department(), f.make_department()
        officer = f.make_user(Role.OFFICER, roads)
        Membership.objects.create(user=officer, department=transport)
        self.assertEqual(queries.department_ids_of(officer), {roads.id, transport.id})
        self.assertEqual(queries.department_ids_of(f.make_user(Role.HEAD, roads)), {roads.id})

    def test_it_gives_no_department_to_other_roles_or_inactive_staff(self) -> None:
        roads = f.make_department()
        admin = f.make_user(Role.ADMIN)
        Membership.objects.create(user=admin, department=roads)  # a stray row must not make a verifier an officer
        inactive = f.make_user(Role.OFFICER, roads, is_active=False)
        for user in (admin, inactive, f.make_user(Role.CITIZEN), f.make_user(Role.LEADER)):
            with self.subTest(role=user.role):
                self.assertEqual(queries.department_ids_of(user), set())

    def test_it_offers_only_active_categories_and_departments(self) -> None:
        active, closed = f.make_department(), f.make_department(is_active=False)
        shown = f.make_category(department=active)
        f.make_category(department=active, is_active=False)
        self.assertEqual(list(queries.active_categories()), [shown])
        self.assertEqual(list(queries.active_departments()), [active])
        self.assertNotIn(closed, queries.active_departments())
