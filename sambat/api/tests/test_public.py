"""The public endpoints: board with cursor pagination and filters, statistics, categories and areas."""

from typing import Any, get_args

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sambat.api.schemas import BoardStatusValue
from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.queries import BOARD_STATUSES
from sambat.complaints.tests.factories import (
    MALANG_LAT,
    MALANG_LON,
    clean_photos,
    make_category,
    make_complaint_in,
)


class BoardTests(ApiTestCase):
    def walk(self, path: str, **params: Any) -> list[dict]:
        """Every item of a paginated list, following next_cursor to the end."""
        items: list[dict] = []
        cursor = None
        for _page in range(50):
            query = {**params, **({"cursor": cursor} if cursor else {})}
            response = self.client.get(f"/api/v1{path}", query)
            self.assertEqual(response.status_code, 200, response.content)
            body = response.json()
            self.assertLessEqual(len(body["items"]), int(str(params.get("limit", 20))))
            items += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                return items
        self.fail("the cursor never ended")

    def test_it_walks_every_public_report_once_newest_first(self) -> None:
        public = [make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp) for _ in range(7)]
        make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp, privacy=Privacy.CONFIDENTIAL)
        make_complaint_in(Status.TRIAGE)

        items = self.walk("/board", limit=3)

        codes = [item["code"] for item in items]
        self.assertEqual(len(codes), len(set(codes)))
        self.assertEqual(set(codes), {complaint.tracking_code for complaint in public})
        created = [item["created_at"] for item in items]
        self.assertEqual(created, sorted(created, reverse=True))

    def test_it_filters_by_category_status_kecamatan_and_kelurahan(self) -> None:
        road = make_complaint_in(
            Status.ASSIGNED,
            department=self.p.dpuprpkp,
            category=self.p.roads,
            latitude=MALANG_LAT,
            longitude=MALANG_LON,
        )
        parking = make_complaint_in(Status.RESOLVED, department=self.p.dishub, category=self.p.parking)
        cases = {
            "category": ({"category": "parkir"}, {parking.tracking_code}),
            "status": ({"status": "resolved"}, {parking.tracking_code}),
            "kecamatan": ({"kecamatan": self.p.kecamatan.code}, {road.tracking_code}),
            "kelurahan": ({"kelurahan": self.p.kelurahan.code}, {road.tracking_code}),
        }
        for name, (params, expected) in cases.items():
            with self.subTest(filter=name):
                self.assertEqual({item["code"] for item in self.walk("/board", **params)}, expected)

    def test_it_shows_no_identity_and_masks_numbers(self) -> None:
        make_complaint_in(
            Status.ASSIGNED,
            department=self.p.dpuprpkp,
            title="Hubungi 081298765432 soal jalan",
            reporter=self.p.alice,
            reporter_name="Alice Wulandari",
            reporter_phone="081298765432",
            reporter_email="alice@example.org",
            privacy=Privacy.ANONYMOUS,
        )
        content = self.client.get("/api/v1/board").content.decode()
        for secret in ("Alice", "081298765432", "alice@example.org", "reporter"):
            self.assertNotIn(secret, content)
        self.assertIn("0812*****432", content)

    def test_it_costs_the_same_number_of_queries_for_any_page_size(self) -> None:
        for _ in range(3):
            make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, photos=clean_photos(1))
        with CaptureQueriesContext(connection) as small:
            self.client.get("/api/v1/board", {"limit": 1})
        for _ in range(3):
            make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, photos=clean_photos(1))
        with CaptureQueriesContext(connection) as large:
            self.client.get("/api/v1/board", {"limit": 6})
        self.assertEqual(len(large), len(small))

    def test_it_refuses_a_bad_cursor_or_limit(self) -> None:
        self.assertError(self.client.get("/api/v1/board", {"cursor": "not-a-cursor"}), 400, "invalid_cursor")
        self.assertError(self.client.get("/api/v1/board", {"cursor": "WzEsMl0"}), 400, "invalid_cursor")
        error = self.assertError(self.client.get("/api/v1/board", {"limit": 101}), 422, "validation_error")
        self.assertEqual(error["details"]["fields"][0]["field"], "limit")


class BoardFilterTests(ApiTestCase):
    def test_an_unknown_status_is_refused_not_ignored(self) -> None:
        error = self.assertError(self.client.get("/api/v1/board", {"status": "bogus"}), 422, "validation_error")
        self.assertEqual(error["details"]["fields"][0]["field"], "status")
        self.assertEqual(self.client.get("/api/v1/board", {"status": "resolved"}).status_code, 200)

    def test_the_statuses_it_accepts_are_the_boards(self) -> None:
        self.assertEqual(set(get_args(BoardStatusValue)) - {""}, {str(status) for status in BOARD_STATUSES})


class ReferenceTests(ApiTestCase):
    def test_categories_carry_their_extra_questions(self) -> None:
        make_category(
            code="pohon-tumbang",
            name="Pohon tumbang",
            extra_questions=[
                {
                    "code": "ukuran",
                    "label": "Ukuran",
                    "datatype": "singlevaluelist",
                    "required": True,
                    "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
                },
                {"code": "bad code!", "label": "Broken"},
            ],
        )
        categories = {item["code"]: item for item in self.client.get("/api/v1/categories").json()}

        self.assertEqual(categories["jalan-rusak"]["department"], {"code": "dpuprpkp", "name": "Dinas Pekerjaan Umum"})
        questions = categories["pohon-tumbang"]["questions"]
        self.assertEqual([question["code"] for question in questions], ["ukuran"])
        self.assertEqual(questions[0]["values"][1], {"key": "besar", "name": "Besar"})

    def test_areas_list_kecamatan_with_their_kelurahan(self) -> None:
        areas = self.client.get("/api/v1/areas").json()
        self.assertEqual(
            areas,
            [
                {
                    "code": self.p.kecamatan.code,
                    "name": self.p.kecamatan.name,
                    "kelurahan": [{"code": self.p.kelurahan.code, "name": self.p.kelurahan.name}],
                }
            ],
        )

    def test_statistics_give_per_department_figures_only(self) -> None:
        make_complaint_in(Status.RESOLVED, department=self.p.dpuprpkp, reporter_name="Alice Wulandari")
        response = self.client.get("/api/v1/statistics")

        self.assertEqual(response.status_code, 200)
        windows = response.json()["windows"]
        self.assertEqual([window["key"] for window in windows], ["recent", "period"])
        self.assertEqual(windows[0]["departments"][0]["name"], "Dinas Pekerjaan Umum")
        self.assertEqual(windows[0]["departments"][0]["received"], 1)
        self.assertNotIn("Alice", response.content.decode())
