import json

from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area
from sambat.complaints.choices import Status
from sambat.complaints.tests.factories import PASSWORD, make_complaint, make_complaint_in
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase


class KelurahanGeoJSONTests(PortalTestCase):
    def test_it_serves_the_kelurahan_boundaries_as_cacheable_geojson(self) -> None:
        Area.objects.create(
            code="35.73.99.1",
            name="Titik",
            level=AreaLevel.KELURAHAN,
            boundary={"type": "Point", "coordinates": [112.6, -7.9]},
        )
        Area.objects.create(code="35.73.99.2", name="Tanpa batas", level=AreaLevel.KELURAHAN)
        response = self.client.get("/peta/wilayah.geojson")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        self.assertIn("public", response["Cache-Control"])
        data = json.loads(response.content)
        self.assertEqual(data["type"], "FeatureCollection")
        self.assertEqual(len(data["features"]), 1)  # kecamatan and point geometries are left out
        feature = data["features"][0]
        self.assertEqual(
            feature["properties"], {"code": self.p.kelurahan.code, "name": self.p.kelurahan.name, "kecamatan": "Klojen"}
        )
        self.assertEqual(feature["geometry"]["type"], "Polygon")

    def test_it_builds_the_collection_once(self) -> None:
        self.client.get("/peta/wilayah.geojson")
        with self.assertNumQueries(0):
            self.client.get("/peta/wilayah.geojson")
        self.assertTrue(Area.objects.filter(level=AreaLevel.KELURAHAN).exists())


class MyComplaintsTests(PortalTestCase):
    def test_it_lists_the_reports_of_this_browser(self) -> None:
        mine = self.file_report(text="Laporan dari browser ini tentang jalan.")
        someone_elses = make_complaint(text="Laporan orang lain tentang jalan.")
        page = self.client.get("/aduan-saya/")
        self.assertContains(page, mine.tracking_code)
        self.assertNotContains(page, someone_elses.tracking_code)
        self.assertContains(EnglishClient().get("/aduan-saya/"), "No reports yet.")

    def test_it_lists_the_reports_of_a_signed_in_citizen_without_a_query_per_report(self) -> None:
        for number in range(3):
            make_complaint_in(
                Status.ASSIGNED,
                department=self.p.dpuprpkp,
                reporter=self.p.alice,
                text=f"Laporan Alice nomor {number}.",
            )
        charlie = make_complaint(reporter=self.p.charlie, text="Laporan Charlie.")
        self.client.login(username="alice", password=PASSWORD)
        self.client.get("/aduan-saya/")
        # session, user, count, page, photos
        with self.assertNumQueries(5):
            page = self.client.get("/aduan-saya/")
        self.assertContains(page, "Laporan Alice nomor 2")
        self.assertNotContains(page, charlie.tracking_code)
