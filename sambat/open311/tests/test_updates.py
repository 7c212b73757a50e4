import datetime as dt
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import (
    Personas,
    TemporaryMediaMixin,
    clean_photos,
    days_ago,
    make_complaint,
    make_complaint_in,
)
from sambat.open311.tests.helpers import BASE, error_of, parse
from sambat.portal.tests.helpers import EnglishClient

FIELDS = [
    "update_id",
    "service_request_id",
    "status",
    "updated_datetime",
    "description",
    "media_url",
    "external_status_code",
]


@override_settings(SAMBAT_PUBLIC_BASE_URL="https://sambat.example.org")
class ServiceRequestUpdatesTests(TemporaryMediaMixin, TestCase):
    client_class = EnglishClient

    def setUp(self) -> None:
        self.p = Personas()

    def updates(self, params: dict | None = None, fmt: str = "json") -> list[dict]:
        response = self.client.get(f"{BASE}servicerequestupdates.{fmt}", params or {})
        self.assertEqual(response.status_code, 200, response.content)
        body = parse(response, fmt)
        if fmt == "json":
            return body
        self.assertEqual(body.tag, "service_request_updates")
        return [{child.tag: child.text or "" for child in item} for item in body.findall("request_update")]

    def of(self, complaint: Complaint, params: dict | None = None) -> list[tuple[str, str, str]]:
        """(status, description, Sambat's event) of the complaint's updates, in the feed's order."""
        return [
            (row["status"], row["description"], row["external_status_code"])
            for row in self.updates(params)
            if row["service_request_id"] == complaint.tracking_code
        ]

    def handled_complaint(self) -> Complaint:
        """A pothole through its whole life, with an internal note, a question and the citizen's answer."""
        complaint = make_complaint(
            category=self.p.roads,
            text="Jalan Ijen berlubang besar.",
            reporter_name="Siti Rahayu",
            reporter_phone="081234567890",
            reporter_email="siti@example.org",
        )
        complaint = actions.start_progress(complaint=complaint, actor=self.p.oscar)
        actions.add_note(complaint=complaint, actor=self.p.oscar, note="Catatan internal: anggaran menipis.")
        complaint = actions.request_information(complaint=complaint, actor=self.p.oscar, question="Di RT/RW berapa?")
        complaint = actions.citizen_reply(complaint=complaint, message="RT 03 RW 05, telepon saya 081234567890.")
        complaint = actions.respond(
            complaint=complaint, actor=self.p.oscar, message="Tim datang besok, hubungi 081299990000."
        )
        complaint = actions.resolve_complaint(
            complaint=complaint, actor=self.p.oscar, message="Sudah ditambal.", photos=clean_photos(1)
        )
        return actions.auto_close(complaint=complaint)

    def test_it_maps_each_step_to_fixmystreets_statuses(self) -> None:
        complaint = self.handled_complaint()
        self.assertEqual(
            self.of(complaint),
            [
                ("OPEN", "", "submitted"),
                ("ACTION_SCHEDULED", "Sent to Dinas Pekerjaan Umum.", "routed"),
                ("IN_PROGRESS", "The department is working on it.", "progress"),
                ("INVESTIGATING", "Di RT/RW berapa?", "info_requested"),
                # The citizen's answer moved the state; its words are not the city's to send out.
                ("IN_PROGRESS", "", "citizen_replied"),
                ("IN_PROGRESS", "Tim datang besok, hubungi 0812*****000.", "progress"),
                ("FIXED", "Sudah ditambal.", "resolved"),
                ("CLOSED", "Closed automatically: no objection was received after the resolution.", "closed"),
            ],
        )

    def test_it_writes_every_field_in_both_formats(self) -> None:
        complaint = self.handled_complaint()
        for fmt in ("json", "xml"):
            with self.subTest(fmt=fmt):
                rows = self.updates(fmt=fmt)
                self.assertEqual(len(rows), 8)
                for row in rows:
                    self.assertEqual(list(row), FIELDS)
                    self.assertEqual(row["service_request_id"], complaint.tracking_code)
                    moment = dt.datetime.fromisoformat(row["updated_datetime"])
                    self.assertEqual(moment.utcoffset(), dt.timedelta(hours=7))
                fixed = rows[6]
                self.assertEqual(fixed["status"], "FIXED")
                self.assertRegex(fixed["media_url"], r"^https://sambat\.example\.org/foto/\d+/$")
                self.assertEqual([row["media_url"] for row in rows if row is not fixed], [""] * 7)

    def test_it_lists_oldest_first_with_growing_ids(self) -> None:
        with mock.patch("django.utils.timezone.now", return_value=timezone.now() - dt.timedelta(hours=5)):
            older = make_complaint(category=self.p.roads, text="Lampu jalan mati di Jalan Kawi.")
        newer = make_complaint(category=self.p.parking, text="Parkir liar di depan sekolah.")
        rows = self.updates()
        self.assertEqual(
            [row["service_request_id"] for row in rows],
            [older.tracking_code, older.tracking_code, newer.tracking_code, newer.tracking_code],
        )
        moments = [dt.datetime.fromisoformat(row["updated_datetime"]) for row in rows]
        self.assertEqual(moments, sorted(moments))

    def test_it_never_shows_internal_notes_reasons_identity_or_the_citizens_words(self) -> None:
        self.handled_complaint()
        returned = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, officer=self.p.oscar)
        returned = actions.return_not_our_remit(
            complaint=returned, actor=self.p.oscar, reason="Alasan internal: ini urusan Dishub."
        )
        actions.assign_complaint(complaint=returned, actor=self.p.vera, department=self.p.dishub)
        for fmt in ("json", "xml"):
            body = self.client.get(f"{BASE}servicerequestupdates.{fmt}").content.decode()
            for secret in (
                "Catatan internal",
                "Alasan internal",
                "Siti",
                "081234567890",
                "siti@example.org",
                "081299990000",
                "RT 03 RW 05",
                "Jalan Ijen berlubang",
                "oscar",
            ):
                self.assertNotIn(secret, body)

    def test_it_marks_a_returned_complaint_as_an_internal_referral(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, officer=self.p.oscar)
        complaint = actions.return_not_our_remit(complaint=complaint, actor=self.p.oscar, reason="Urusan Dishub.")
        # While the verifiers look for the right department it is off the public board, and so off the feed.
        self.assertEqual(self.of(complaint), [])
        actions.assign_complaint(complaint=complaint, actor=self.p.vera, department=self.p.dishub)
        self.assertEqual(
            [status for status, _words, _event in self.of(complaint)],
            ["OPEN", "ACTION_SCHEDULED", "INTERNAL_REFERRAL", "ACTION_SCHEDULED"],
        )

    def test_it_never_lists_confidential_or_unverified_complaints(self) -> None:
        secret = make_complaint_in(Status.RESOLVED, privacy=Privacy.CONFIDENTIAL, text="Rahasia sekali.")
        waiting = make_complaint(category=None, text="Belum diverifikasi petugas.")
        spam = make_complaint_in(Status.REJECTED, text="Iklan obat kuat murah.")
        self.assertEqual(self.of(secret), [])
        self.assertEqual(self.of(waiting), [])
        # Rejected or merged straight from verification: never public, so never in the feed.
        self.assertEqual(self.of(spam), [])
        self.assertEqual(self.of(make_complaint_in(Status.MERGED)), [])

    def test_it_tells_when_a_public_complaint_was_rejected_or_merged(self) -> None:
        rejected = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp)
        actions.reject_complaint(complaint=rejected, actor=self.p.vera, reason="Bukan wilayah Kota Malang.")
        duplicate = make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp)
        original = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp)
        actions.merge_complaint(complaint=duplicate, actor=self.p.vera, into=original)
        self.assertEqual(self.of(rejected)[-1], ("NO_FURTHER_ACTION", "Bukan wilayah Kota Malang.", "rejected"))
        self.assertEqual(
            self.of(duplicate)[-1],
            ("DUPLICATE", f"This report is handled together with {original.tracking_code}.", "merged"),
        )

    def test_it_defaults_to_the_last_24_hours_and_takes_a_window(self) -> None:
        two_days_ago = timezone.now() - dt.timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=two_days_ago):
            old = make_complaint(category=self.p.roads, text="Trotoar rusak di Jalan Semeru.")
        new = make_complaint(category=self.p.roads, text="Got mampet di Jalan Veteran.")
        self.assertEqual({row["service_request_id"] for row in self.updates()}, {new.tracking_code})
        window = {"start_date": days_ago(3).isoformat(), "end_date": days_ago(1).isoformat()}
        self.assertEqual({row["service_request_id"] for row in self.updates(window)}, {old.tracking_code})
        # FixMyStreet asks in UTC with a Z.
        since = (two_days_ago - dt.timedelta(minutes=1)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assertEqual(
            {row["service_request_id"] for row in self.updates({"start_date": since})},
            {old.tracking_code, new.tracking_code},
        )

    def test_it_refuses_bad_dates_in_both_formats(self) -> None:
        for params in (
            {"start_date": "kemarin"},
            {"start_date": days_ago(1).isoformat(), "end_date": days_ago(2).isoformat()},
            {"start_date": days_ago(100).isoformat(), "end_date": days_ago(1).isoformat()},
        ):
            for fmt in ("json", "xml"):
                with self.subTest(params=params, fmt=fmt):
                    response = self.client.get(f"{BASE}servicerequestupdates.{fmt}", params)
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(error_of(response, fmt)[0], 400)

    def test_it_caps_the_rows_and_keeps_the_oldest(self) -> None:
        self.handled_complaint()
        everything = [row["update_id"] for row in self.updates()]
        with mock.patch("sambat.open311.views.MAX_ROWS", 3):
            self.assertEqual([row["update_id"] for row in self.updates()], everything[:3])

    def test_it_ignores_jurisdiction_id(self) -> None:
        complaint = make_complaint(category=self.p.roads)
        rows = self.updates({"jurisdiction_id": "kota-lain.example.org"})
        self.assertEqual({row["service_request_id"] for row in rows}, {complaint.tracking_code})

    def test_it_reads_a_bounded_number_of_queries(self) -> None:
        for _number in range(4):
            self.handled_complaint()
        with self.assertNumQueries(2):  # the events with their complaints, then the public photos
            self.assertEqual(len(self.updates()), 32)
