"""Sending a report through the API: JSON and multipart, the web form's rules, photos, idempotent retries."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from sambat.api.idempotency import STALE_CLAIM, _lock_number
from sambat.api.models import IdempotencyRecord
from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints.choices import Channel, Privacy, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.tests.factories import MALANG_LAT, MALANG_LON, OUTSIDE_LAT, OUTSIDE_LON, make_category, upload
from sambat.portal.tests.helpers import photo_bytes

TEXT = "Lampu penerangan jalan di gang tiga mati sejak seminggu, warga takut lewat malam hari."


def report(**overrides: Any) -> dict[str, Any]:
    return {"text": TEXT, "address": "Gang III dekat musala", **overrides}


class SubmitTests(ApiTestCase):
    def test_it_takes_an_anonymous_report_and_hands_back_its_private_key(self) -> None:
        response = self.client.call("POST", "/complaints", report(category="jalan-rusak", reporter_name="Sri"))

        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        complaint = Complaint.objects.get(tracking_code=body["complaint"]["code"])
        self.assertEqual(complaint.channel, Channel.APP)
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.department, self.p.dpuprpkp)
        self.assertIsNone(complaint.reporter)
        self.assertEqual(body["citizen_key"], complaint.citizen_key)
        self.assertTrue(body["complaint"]["yours"])
        self.assertEqual(body["tracking_url"], f"https://sambat.example/lacak/{complaint.tracking_code}/")
        followed = self.client.call("GET", f"/complaints/{complaint.tracking_code}", key=body["citizen_key"])
        self.assertTrue(followed.json()["yours"])

    def test_a_signed_in_citizen_is_the_reporter_with_the_account_contact(self) -> None:
        token = self.token(self.p.alice)

        response = self.client.call("POST", "/complaints", report(privacy=Privacy.CONFIDENTIAL), token=token)

        self.assertEqual(response.status_code, 201, response.content)
        complaint = Complaint.objects.get(tracking_code=response.json()["complaint"]["code"])
        self.assertEqual(complaint.reporter, self.p.alice)
        self.assertEqual(complaint.reporter_email, "alice@example.org")
        self.assertEqual(complaint.channel_name, "test device")
        self.assertIsNone(response.json()["citizen_key"])
        mine = self.client.call("GET", "/me/complaints", token=token).json()
        self.assertEqual([item["code"] for item in mine["items"]], [complaint.tracking_code])

    def test_a_kim_assistant_files_for_a_resident(self) -> None:
        response = self.client.call(
            "POST",
            "/complaints",
            report(reporter_name="Pak Darmo", reporter_phone="0341 551234"),
            token=self.token(self.p.kim),
        )

        self.assertEqual(response.status_code, 201, response.content)
        complaint = Complaint.objects.get(tracking_code=response.json()["complaint"]["code"])
        self.assertEqual(complaint.channel, Channel.ASSISTED)
        self.assertEqual(complaint.assisted_by, self.p.kim)
        self.assertIsNone(complaint.reporter)
        self.assertEqual(complaint.reporter_phone, "0341551234")

    def test_it_stores_photos_sent_as_multipart_without_their_location_data(self) -> None:
        original = upload("jalan.jpg")  # a JPEG whose EXIF holds a GPS position
        self.assertIn(0x8825, Image.open(io.BytesIO(original.read())).getexif())
        original.seek(0)

        response = self.client.upload(
            "/complaints",
            {"text": TEXT, "privacy": "confidential", "extra": "{}", "photos": [original]},
        )

        self.assertEqual(response.status_code, 201, response.content)
        attachment = Attachment.objects.get(complaint__tracking_code=response.json()["complaint"]["code"])
        with attachment.image.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
            self.assertEqual(dict(image.getexif()), {})
        photos = response.json()["complaint"]["timeline"][0]["photos"]
        self.assertEqual(len(photos), 1)
        # A confidential report: its photos are served to its citizen only, without EXIF.
        key = {"X-Citizen-Key": response.json()["citizen_key"]}
        for url in (photos[0]["url"], photos[0]["thumbnail_url"]):
            path = url.removeprefix("http://testserver")
            self.assertError(self.client.get(path), 404, "not_found")
            served = self.client.get(path, headers=key)
            self.assertEqual(served.status_code, 200)
            self.assertEqual(served["Content-Type"], "image/jpeg")
            self.assertEqual(dict(Image.open(io.BytesIO(photo_bytes(served))).getexif()), {})

    def test_a_fake_image_is_refused_and_nothing_is_stored(self) -> None:
        fake = SimpleUploadedFile("foto.jpg", b"<?php system($_GET['c']); ?>" * 20, content_type="image/jpeg")

        response = self.client.upload("/complaints", {"text": TEXT, "photos": [fake]})

        error = self.assertError(response, 422, "invalid_image")
        self.assertIn("foto.jpg", error["message"])
        self.assertFalse(Complaint.objects.exists())
        self.assertFalse(Attachment.objects.exists())

    def test_it_applies_the_web_forms_rules(self) -> None:
        make_category(
            code="pohon",
            department=self.p.dpuprpkp,
            extra_questions=[{"code": "ukuran", "label": "Ukuran pohon", "datatype": "string", "required": True}],
        )
        cases = {
            "category": report(category="tidak-ada"),
            "extra.ukuran": report(category="pohon"),
            "extra.warna": report(category="pohon", extra={"ukuran": "besar", "warna": "hijau"}),
            "latitude": report(latitude=OUTSIDE_LAT, longitude=OUTSIDE_LON),
            "reporter_phone": report(reporter_phone="call me maybe"),
        }
        for field, body in cases.items():
            with self.subTest(field=field):
                error = self.assertError(self.client.call("POST", "/complaints", body), 422, "validation_error")
                self.assertIn(field, [item["field"] for item in error["details"]["fields"]])
        short = self.assertError(self.client.call("POST", "/complaints", report(text="Rusak")), 422, "validation_error")
        self.assertEqual(short["details"]["fields"][0]["field"], "text")
        self.assertFalse(Complaint.objects.exists())

        answered = self.client.call("POST", "/complaints", report(category="pohon", extra={"ukuran": "besar"}))
        self.assertEqual(answered.status_code, 201, answered.content)
        self.assertEqual(Complaint.objects.get().extra, {"ukuran": "besar"})
        pinned = self.client.call("POST", "/complaints", report(latitude=MALANG_LAT, longitude=MALANG_LON))
        self.assertEqual(pinned.json()["complaint"]["kelurahan"]["code"], self.p.kelurahan.code)

    def test_it_refuses_bodies_it_cannot_read(self) -> None:
        self.assertError(self.client.call("POST", "/complaints", '{"text": "oops'), 400, "bad_request")
        self.assertError(self.client.call("POST", "/complaints", "[1, 2]"), 422, "validation_error")
        form = self.client.post("/api/v1/complaints", "text=hello", content_type="application/x-www-form-urlencoded")
        self.assertError(form, 415, "unsupported_media_type")
        self.assertFalse(Complaint.objects.exists())

    @override_settings(SAMBAT_API_ANONYMOUS_PER_MINUTE=2)
    def test_it_limits_anonymous_reports_per_address_but_not_signed_in_citizens(self) -> None:
        for _report in range(2):
            self.assertEqual(self.client.call("POST", "/complaints", report()).status_code, 201)

        response = self.client.call("POST", "/complaints", report())

        self.assertError(response, 429, "rate_limited")
        self.assertEqual(response["Retry-After"], "60")
        self.assertEqual(Complaint.objects.count(), 2)
        signed_in = self.client.call("POST", "/complaints", report(), token=self.token(self.p.alice))
        self.assertEqual(signed_in.status_code, 201)


class IdempotentSubmitTests(ApiTestCase):
    def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(self) -> None:
        token = self.token(self.p.alice)
        first = self.client.call("POST", "/complaints", report(), token=token, idempotency_key="8f14e45f-ceea")
        events = ComplaintEvent.objects.count()

        retry = self.client.call("POST", "/complaints", report(), token=token, idempotency_key="8f14e45f-ceea")

        self.assertEqual(first.status_code, 201)
        self.assertEqual(retry.status_code, 201)
        self.assertEqual(retry.content, first.content)
        self.assertEqual(retry["Idempotent-Replayed"], "true")
        self.assertFalse(first.has_header("Idempotent-Replayed"))
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(ComplaintEvent.objects.count(), events)

    def test_a_multipart_retry_matches_although_its_boundary_differs(self) -> None:
        def send() -> Any:
            return self.client.upload(
                "/complaints", {"text": TEXT, "photos": [upload("a.jpg")]}, HTTP_IDEMPOTENCY_KEY="photo-report-1"
            )

        first, retry = send(), send()

        self.assertEqual(retry.content, first.content)
        self.assertEqual(Attachment.objects.count(), 1)

    def test_the_same_key_with_another_body_is_refused(self) -> None:
        self.client.call("POST", "/complaints", report(), idempotency_key="k-1")

        response = self.client.call("POST", "/complaints", report(title="Lain"), idempotency_key="k-1")

        self.assertError(response, 409, "idempotency_key_reused")
        self.assertEqual(Complaint.objects.count(), 1)

    def test_keys_belong_to_their_client(self) -> None:
        mine = self.client.call("POST", "/complaints", report(), idempotency_key="same", token=self.token(self.p.alice))
        theirs = self.client.call(
            "POST", "/complaints", report(), idempotency_key="same", token=self.token(self.p.charlie)
        )
        anonymous = self.client.call("POST", "/complaints", report(), idempotency_key="same", address="10.1.1.1")

        codes = {response.json()["complaint"]["code"] for response in (mine, theirs, anonymous)}
        self.assertEqual(len(codes), 3)

    def test_an_expired_record_still_finds_the_first_report_through_its_intake_key(self) -> None:
        first = self.client.call("POST", "/complaints", report(), idempotency_key="late-retry")
        IdempotencyRecord.objects.all().delete()

        retry = self.client.call("POST", "/complaints", report(), idempotency_key="late-retry")

        self.assertEqual(retry.json()["complaint"]["code"], first.json()["complaint"]["code"])
        self.assertEqual(Complaint.objects.count(), 1)

    def test_a_failed_request_leaves_the_key_free(self) -> None:
        self.assertEqual(
            self.client.call("POST", "/complaints", report(text="short"), idempotency_key="fix-me").status_code, 422
        )

        corrected = self.client.call("POST", "/complaints", report(), idempotency_key="fix-me")

        self.assertEqual(corrected.status_code, 201)

    @contextmanager
    def running_elsewhere(self, key: str) -> Iterator[None]:
        """As if another request with this key were running now: its claim, and on PostgreSQL its lock held by
        another connection."""
        IdempotencyRecord.objects.update(status=None, body="", created_at=timezone.now())
        if connection.vendor != "postgresql":
            yield
            return
        other = connection.copy()
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_number("ip:127.0.0.1", key)])
            yield
        finally:
            other.close()  # ends its session, and the lock with it

    def test_a_request_still_running_makes_a_retry_wait(self) -> None:
        self.client.call("POST", "/complaints", report(), idempotency_key="busy")

        with self.running_elsewhere("busy"):
            response = self.client.call("POST", "/complaints", report(), idempotency_key="busy")

        self.assertError(response, 409, "idempotency_key_in_progress")
        self.assertEqual(response["Retry-After"], "1")
        self.assertEqual(Complaint.objects.count(), 1)

    def test_the_claim_of_a_request_that_died_is_taken_over_by_its_retry(self) -> None:
        first = self.client.call("POST", "/complaints", report(), idempotency_key="died")
        # The first request stored its complaint, then died before recording its answer (the database went
        # away). On PostgreSQL its lock went with its connection; elsewhere the claim has to grow stale first.
        created_at = timezone.now() if connection.vendor == "postgresql" else timezone.now() - STALE_CLAIM
        IdempotencyRecord.objects.update(status=None, body="", created_at=created_at)

        retry = self.client.call("POST", "/complaints", report(), idempotency_key="died")

        self.assertEqual(retry.status_code, 201, retry.content)
        self.assertEqual(retry.json()["complaint"]["code"], first.json()["complaint"]["code"])
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(IdempotencyRecord.objects.get().status, 201)

    def test_it_refuses_a_malformed_key(self) -> None:
        response = self.client.call("POST", "/complaints", report(), idempotency_key="x" * 201)
        self.assertError(response, 422, "invalid_idempotency_key")
        self.assertFalse(Complaint.objects.exists())
