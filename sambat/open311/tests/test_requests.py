import datetime as dt
import json

from django.test import TestCase, override_settings
from django.utils import timezone

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import (
    Personas,
    TemporaryMediaMixin,
    backdate,
    clean_photos,
    days_ago,
    make_complaint,
    make_complaint_in,
    make_user,
)
from sambat.open311.tests.helpers import BASE, get_json, get_xml


def make_officer_of(complaint: Complaint) -> User:
    return make_user(Role.OFFICER, complaint.department)


FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@override_settings(SAMBAT_PUBLIC_BASE_URL="https://sambat.example.org")
class ServiceRequestsTests(TemporaryMediaMixin, TestCase):
    def setUp(self) -> None:
        self.p = Personas()
        self.pothole = make_complaint(
            category=self.p.roads,
            text="Lubang besar di Jalan Ijen.",
            latitude=-7.979712,
            longitude=112.630456,
            address="Jl. Ijen 1",
            reporter_name="Siti Rahayu",
            reporter_phone="081234567890",
            photos=clean_photos(1),
        )
        self.pothole = actions.respond(complaint=self.pothole, actor=self.p.oscar, message="Akan kami tambal.")

    def requests_json(self, params: dict | None = None) -> list[dict]:
        return get_json(self.client, "requests", params)

    def ids(self, params: dict | None = None) -> list[str]:
        return [row["service_request_id"] for row in self.requests_json(params)]

    def test_it_lists_a_public_complaint_with_every_field_in_json(self) -> None:
        (row,) = self.requests_json()
        self.assertEqual(list(row), FIELDS)
        self.assertEqual(row["service_request_id"], self.pothole.tracking_code)
        self.assertEqual(row["status"], "open")
        self.assertEqual(row["status_notes"], "Akan kami tambal.")
        self.assertEqual((row["service_code"], row["service_name"]), ("jalan-rusak", "Jalan rusak"))
        self.assertEqual(row["description"], "Lubang besar di Jalan Ijen.")
        self.assertEqual(row["agency_responsible"], "Dinas Pekerjaan Umum")
        self.assertEqual((row["lat"], row["long"]), (-7.9797, 112.6305))  # to about 10 m, as on the board
        self.assertEqual((row["address"], row["zipcode"]), ("Jl. Ijen 1", ""))
        self.assertTrue(row["requested_datetime"].endswith("+07:00"), row["requested_datetime"])
        self.assertEqual(
            dt.datetime.fromisoformat(row["requested_datetime"]), self.pothole.created_at.replace(microsecond=0)
        )
        self.assertIsNotNone(self.pothole.resolve_due_at)
        expected = timezone.localtime(self.pothole.resolve_due_at).isoformat(timespec="seconds")
        self.assertEqual(row["expected_datetime"], expected)
        self.assertTrue(row["media_url"].startswith("https://sambat.example.org/foto/"), row["media_url"])

    def test_it_lists_requests_in_xml(self) -> None:
        root = get_xml(self.client, "requests")
        self.assertEqual(root.tag, "service_requests")
        (request,) = root.findall("request")
        self.assertEqual([child.tag for child in request], FIELDS)
        self.assertEqual(request.findtext("service_request_id"), self.pothole.tracking_code)
        self.assertEqual(request.findtext("status"), "open")
        self.assertEqual(request.findtext("lat"), "-7.9797")

    def test_it_never_shows_confidential_or_unverified_complaints(self) -> None:
        secret = make_complaint_in(Status.IN_PROGRESS, privacy=Privacy.CONFIDENTIAL, text="Rahasia.")
        triage = make_complaint(category=None, text="Belum diverifikasi.")
        self.assertEqual(self.ids(), [self.pothole.tracking_code])
        for hidden in (secret, triage):
            get_json(self.client, f"requests/{hidden.tracking_code}", status=404)
            self.assertEqual(self.ids({"service_request_id": hidden.tracking_code}), [])

    def test_it_never_writes_the_reporters_identity(self) -> None:
        make_complaint_in(
            Status.ASSIGNED,
            privacy=Privacy.ANONYMOUS,
            reporter=self.p.alice,
            reporter_name="Budi Santoso",
            reporter_phone="089876543210",
            reporter_email="budi@example.org",
        )
        for suffix in ("json", "xml"):
            body = self.client.get(f"{BASE}requests.{suffix}").content.decode()
            self.assertEqual(body.count("SBT-"), 2)
            for secret in ("Siti", "081234567890", "Budi", "089876543210", "budi@example.org", "alice"):
                self.assertNotIn(secret, body)

    def test_it_masks_phone_numbers_and_id_numbers_as_the_public_board_does(self) -> None:
        complaint = make_complaint_in(
            Status.ASSIGNED,
            text="Saluran mampet, hubungi saya 081234567890, NIK 3573014506900001.",
            address="Jl. Kawi 3 (telp 0341-551234)",
        )
        complaint = actions.respond(complaint=complaint, actor=make_officer_of(complaint), message="Telp 08111222333.")
        (row,) = get_json(self.client, f"requests/{complaint.tracking_code}")
        self.assertEqual(row["description"], "Saluran mampet, hubungi saya 0812*****890, NIK 357301**********.")
        self.assertNotIn("551234", row["address"])
        self.assertEqual(row["status_notes"], "Telp 0811****333.")

    def test_it_maps_states_to_open_and_closed(self) -> None:
        resolved = make_complaint_in(Status.RESOLVED, text="Sudah beres.")
        closed = make_complaint_in(Status.CLOSED, text="Sudah ditutup.")
        needs_info = make_complaint_in(Status.NEEDS_INFO, text="Perlu info.")
        self.assertEqual(set(self.ids({"status": "closed"})), {resolved.tracking_code, closed.tracking_code})
        self.assertEqual(set(self.ids({"status": "open"})), {needs_info.tracking_code, self.pothole.tracking_code})
        self.assertEqual(len(self.ids({"status": "open,closed"})), 4)
        error = get_json(self.client, "requests", {"status": "pending"}, status=400)
        self.assertEqual(error[0]["code"], 400)

    def test_it_filters_by_service_code_and_request_ids(self) -> None:
        parking = make_complaint_in(Status.ASSIGNED, category=self.p.parking, department=self.p.dishub)
        self.assertEqual(self.ids({"service_code": "parkir"}), [parking.tracking_code])
        both = f"{self.pothole.tracking_code}, {parking.tracking_code.lower()},SBT-XXXXXX"
        found = set(self.ids({"service_request_id": both}))
        self.assertEqual(found, {self.pothole.tracking_code, parking.tracking_code})

    def test_it_lists_newest_first(self) -> None:
        older = make_complaint_in(Status.ASSIGNED, text="Lebih lama.")
        backdate(older, created_at=days_ago(3))
        newer = make_complaint_in(Status.ASSIGNED, text="Paling baru.")
        self.assertEqual(self.ids(), [newer.tracking_code, self.pothole.tracking_code, older.tracking_code])

    def test_it_defaults_to_the_last_90_days(self) -> None:
        old = make_complaint_in(Status.ASSIGNED, text="Laporan lama.")
        backdate(old, created_at=days_ago(120))
        self.assertEqual(self.ids(), [self.pothole.tracking_code])
        window = {"start_date": days_ago(130).isoformat(), "end_date": days_ago(100).isoformat()}
        self.assertEqual(self.ids(window), [old.tracking_code])
        self.assertEqual(self.ids({"end_date": days_ago(100).isoformat()}), [old.tracking_code])
        self.assertEqual(self.ids({"start_date": days_ago(125).isoformat()}), [old.tracking_code])

    def test_it_accepts_dates_with_an_offset_and_plain_dates(self) -> None:
        today = timezone.localdate()
        tomorrow = today + dt.timedelta(days=1)
        self.assertEqual(
            self.ids({"start_date": f"{today.isoformat()}T00:00:00+07:00", "end_date": tomorrow.isoformat()}),
            [self.pothole.tracking_code],
        )
        self.assertEqual(self.ids({"end_date": (today - dt.timedelta(days=1)).isoformat()}), [])

    def test_it_refuses_bad_dates_and_long_windows(self) -> None:
        for params in (
            {"start_date": "kemarin"},
            {"end_date": "2026-13-45"},
            {"start_date": days_ago(1).isoformat(), "end_date": days_ago(5).isoformat()},
            {"start_date": days_ago(200).isoformat(), "end_date": days_ago(1).isoformat()},
        ):
            with self.subTest(params=params):
                error = json.loads(self.client.get(f"{BASE}requests.json", params).content)
                self.assertEqual(error[0]["code"], 400)
                root = get_xml(self.client, "requests", params, status=400)
                self.assertEqual(root.tag, "errors")
                self.assertEqual(root.findtext("error/code"), "400")
                self.assertTrue(root.findtext("error/description"))

    def test_it_shows_one_request_by_tracking_code(self) -> None:
        (row,) = get_json(self.client, f"requests/{self.pothole.tracking_code}")
        self.assertEqual(row["service_request_id"], self.pothole.tracking_code)
        root = get_xml(self.client, f"requests/{self.pothole.tracking_code}")
        self.assertEqual(root.tag, "service_requests")
        self.assertEqual(root.findtext("request/status_notes"), "Akan kami tambal.")

    def test_it_answers_404_for_an_unknown_request(self) -> None:
        self.assertEqual(get_json(self.client, "requests/SBT-ZZZZZZ", status=404)[0]["code"], 404)
        self.assertEqual(get_xml(self.client, "requests/bukan-kode", status=404).findtext("error/code"), "404")

    def test_it_leaves_media_url_empty_without_public_photos(self) -> None:
        plain = make_complaint_in(Status.ASSIGNED, text="Tanpa foto.")
        (row,) = get_json(self.client, f"requests/{plain.tracking_code}")
        self.assertEqual(row["media_url"], "")

    def test_it_reads_a_bounded_number_of_queries(self) -> None:
        for number in range(5):
            make_complaint_in(Status.IN_PROGRESS, text=f"Laporan {number}.")
        with self.assertNumQueries(1):  # the complaints with their latest public note and first public photo
            self.requests_json()
