"""The public board's map: pins of public complaints only, coarse coordinates, the list's filters, fixed cost."""

from decimal import Decimal
from typing import Any

from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import MALANG_LAT, MALANG_LON, make_complaint_in
from sambat.portal.tests.helpers import PortalTestCase

URL = "/papan/peta.geojson"
PHONE = "081234567890"


class BoardMapTests(PortalTestCase):
    def make(self, status: str = Status.ASSIGNED, **kwargs: Any) -> Complaint:
        kwargs.setdefault("category", self.p.roads)
        kwargs.setdefault("latitude", Decimal("-7.979712"))
        kwargs.setdefault("longitude", Decimal("112.630456"))
        return make_complaint_in(status, department=self.p.dpuprpkp, officer=self.p.oscar, **kwargs)

    def features(self, **params: str) -> list[dict]:
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        return response.json()["features"]

    def test_it_pins_public_complaints_with_coarse_coordinates_and_a_redacted_title(self) -> None:
        shown = self.make(text=f"Lubang besar, hubungi {PHONE}.", reporter_name="Rina Publik")
        (feature,) = self.features()
        self.assertEqual(feature["geometry"]["coordinates"], [112.6305, -7.9797])
        self.assertEqual(feature["properties"]["code"], shown.tracking_code)
        self.assertEqual(feature["properties"]["url"], f"/lacak/{shown.tracking_code}/")
        self.assertNotIn(PHONE, str(feature))
        self.assertNotIn("Rina", str(feature))

    def test_it_leaves_out_confidential_unverified_and_unpinned_complaints(self) -> None:
        self.make(privacy=Privacy.CONFIDENTIAL)
        self.make(Status.TRIAGE)
        self.make(Status.REJECTED)
        self.make(latitude=None, longitude=None)
        anonymous = self.make(privacy=Privacy.ANONYMOUS)
        self.assertEqual([f["properties"]["code"] for f in self.features()], [anonymous.tracking_code])

    def test_it_applies_the_boards_filters(self) -> None:
        self.make()
        done = self.make(Status.RESOLVED)
        self.assertEqual([f["properties"]["code"] for f in self.features(status="resolved")], [done.tracking_code])

    def test_it_costs_the_same_queries_for_many_pins(self) -> None:
        self.make()
        with self.assertNumQueries(3):  # category and kecamatan choices of the filter form, then the pins
            self.client.get(URL)
        for _ in range(5):
            self.make(latitude=MALANG_LAT, longitude=MALANG_LON)
        with self.assertNumQueries(3):
            self.assertEqual(len(self.features()), 6)

    def test_the_board_page_offers_the_map_with_the_current_filters(self) -> None:
        page = self.client.get("/papan/", {"status": "resolved"})
        self.assertContains(page, 'data-sambat-map="points"')
        self.assertContains(page, 'data-points-url="/papan/peta.geojson?status=resolved"')
