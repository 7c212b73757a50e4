import csv
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from sambat.agencies.choices import AreaLevel, DepartmentKind
from sambat.agencies.management.importers import ImportFailed, import_areas, import_departments
from sambat.agencies.models import Area, Department
from sambat.agencies.queries import find_kelurahan, kecamatan_of, kecamatan_office
from sambat.demo.loader import DATA_DIR

AREAS = DATA_DIR / "areas.geojson"
AGENCIES = DATA_DIR / "agencies.csv"


class AreaImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_areas(AREAS)

    def test_it_imports_the_city_its_kecamatan_and_kelurahan(self) -> None:
        self.assertEqual(Area.objects.filter(level=AreaLevel.KOTA).count(), 1)
        self.assertEqual(Area.objects.filter(level=AreaLevel.KECAMATAN).count(), 5)
        self.assertEqual(Area.objects.filter(level=AreaLevel.KELURAHAN).count(), 57)
        klojen = Area.objects.get(code="35.73.02")
        self.assertEqual(klojen.parent, Area.objects.get(level=AreaLevel.KOTA))
        self.assertEqual(klojen.children.count(), 11)
        self.assertFalse(Area.objects.filter(boundary__isnull=True).exists())
        self.assertFalse(Area.objects.filter(min_lat__isnull=True).exists())

    def test_it_resolves_a_point_in_klojen_to_its_kelurahan_and_kecamatan(self) -> None:
        kelurahan = Area.objects.get(code="35.73.02.1001")  # Kelurahan Klojen
        found = find_kelurahan(lat=kelurahan.centroid_lat, lon=kelurahan.centroid_lon)  # type: ignore[arg-type]
        self.assertEqual(found, kelurahan)
        self.assertEqual(kecamatan_of(found), Area.objects.get(code="35.73.02", level=AreaLevel.KECAMATAN))

    def test_it_resolves_every_kelurahan_centroid_to_that_kelurahan(self) -> None:
        for kelurahan in Area.objects.filter(level=AreaLevel.KELURAHAN):
            with self.subTest(kelurahan=kelurahan.name):
                found = find_kelurahan(lat=kelurahan.centroid_lat, lon=kelurahan.centroid_lon)  # type: ignore[arg-type]
                self.assertEqual(found, kelurahan)

    def test_it_finds_nothing_outside_the_city(self) -> None:
        for name, lat, lon in [
            ("Kota Batu", -7.8705, 112.5266),
            ("Singosari, Kabupaten Malang", -7.8935, 112.6655),
            ("Jakarta", -6.2000, 106.8166),
        ]:
            with self.subTest(place=name):
                self.assertIsNone(find_kelurahan(lat=lat, lon=lon))

    def test_it_changes_nothing_when_imported_again(self) -> None:
        before = list(Area.objects.order_by("code").values_list("id", "code", "parent_id", "min_lat"))
        result = import_areas(AREAS)
        self.assertEqual((result.created, result.updated), (0, 63))
        self.assertEqual(list(Area.objects.order_by("code").values_list("id", "code", "parent_id", "min_lat")), before)

    def test_it_matches_the_area_list(self) -> None:
        with (DATA_DIR / "areas.csv").open(encoding="utf-8") as handle:
            rows = {row["code"]: (row["name"], row["level"]) for row in csv.DictReader(handle)}
        self.assertEqual(rows, {area.code: (area.name, area.level) for area in Area.objects.all()})

    def test_it_refuses_a_file_with_a_bad_feature_and_saves_nothing(self) -> None:
        collection = json.loads(AREAS.read_text(encoding="utf-8"))
        collection["features"][-1]["properties"]["level"] = "desa"
        collection["features"][0]["properties"]["name"] = "Renamed"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "areas.geojson"
            path.write_text(json.dumps(collection), encoding="utf-8")
            with self.assertRaisesMessage(ImportFailed, "unknown level 'desa'"):
                import_areas(path)
            with self.assertRaisesMessage(CommandError, "unknown level"):
                call_command("import_areas", str(path), stdout=StringIO())
        self.assertFalse(Area.objects.filter(name="Renamed").exists())


class DepartmentImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_areas(AREAS)

    def test_it_imports_departments_and_links_area_offices(self) -> None:
        out = StringIO()
        call_command("import_departments", str(AGENCIES), stdout=out)
        self.assertIn("96 created", out.getvalue())
        office = Department.objects.get(code="kec-35-73-02")
        self.assertEqual((office.kind, office.area.code), (DepartmentKind.KECAMATAN, "35.73.02"))  # type: ignore[union-attr]
        self.assertEqual(Department.objects.get(code="kel-35-73-02-1001").area.name, "Klojen")  # type: ignore[union-attr]
        self.assertEqual(Department.objects.filter(area__isnull=False).count(), 5 + 57)
        # The routing of kecamatan-handled categories finds the office through the area.
        kelurahan = Area.objects.get(code="35.73.02.1001")
        self.assertEqual(kecamatan_office(kelurahan), office)

    def test_it_keeps_admin_changes_when_imported_again(self) -> None:
        import_departments(AGENCIES)
        Department.objects.filter(code="dishub").update(email="dishub@kota.example", is_active=False)
        result = import_departments(AGENCIES)
        self.assertEqual(result.created, 0)
        self.assertEqual(Department.objects.count(), 96)
        dishub = Department.objects.get(code="dishub")
        self.assertEqual((dishub.email, dishub.is_active), ("dishub@kota.example", False))

    def test_it_refuses_an_unknown_kind_and_saves_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "agencies.csv"
            path.write_text(
                "code,name,abbreviation,kind\nbpkad,Badan X,BX,badan\nxyz,Kantor Y,,kantor\n", encoding="utf-8"
            )
            with self.assertRaisesMessage(CommandError, "line 3 (xyz): unknown kind 'kantor'"):
                call_command("import_departments", str(path), stdout=StringIO())
        self.assertFalse(Department.objects.exists())
