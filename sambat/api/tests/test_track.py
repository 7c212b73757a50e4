"""Following a report: what its citizen, the public and other citizens see, and guessing codes."""

import json

from django.test import override_settings

from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.tests.factories import MALANG_LAT, MALANG_LON, make_complaint, make_complaint_in


class TrackTests(ApiTestCase):
    def test_the_public_sees_a_report_without_identity_and_with_numbers_masked(self) -> None:
        complaint = make_complaint_in(
            Status.IN_PROGRESS,
            department=self.p.dpuprpkp,
            officer=self.p.oscar,
            text="Selokan mampet di depan rumah, hubungi saya di 081234567890. NIK 3573011203850001.",
            reporter=self.p.alice,
            reporter_name="Alice Wulandari",
            reporter_phone="081234567890",
            latitude=MALANG_LAT,
            longitude=MALANG_LON,
        )

        response = self.client.call("GET", f"/complaints/{complaint.tracking_code.lower()}")

        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertFalse(body["yours"])
        self.assertEqual(body["you_may"], [])
        self.assertIn("0812*****890", body["text"])
        self.assertIn("357301**********", body["text"])
        self.assertNotIn("081234567890", response.content.decode())
        self.assertNotIn("3573011203850001", response.content.decode())
        self.assertNotIn("Alice", response.content.decode())
        self.assertEqual(body["location"], {"latitude": round(MALANG_LAT, 4), "longitude": round(MALANG_LON, 4)})
        self.assertEqual([entry["type"] for entry in body["timeline"]][-1], "progress")
        self.assertEqual(body["department"]["code"], "dpuprpkp")

    def test_the_reporter_sees_their_confidential_report_and_others_get_404(self) -> None:
        complaint = make_complaint_in(
            Status.NEEDS_INFO,
            department=self.p.dpuprpkp,
            officer=self.p.oscar,
            privacy=Privacy.CONFIDENTIAL,
            reporter=self.p.alice,
            text="Ada pungutan liar di kantor kelurahan, saya takut namanya diketahui.",
        )
        path = f"/complaints/{complaint.tracking_code}"

        own = self.client.call("GET", path, token=self.token(self.p.alice))
        by_key = self.client.call("GET", path, key=complaint.citizen_key)

        for response in (own, by_key):
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.json()["yours"])
            self.assertIn("pungutan liar", response.json()["text"])
            self.assertEqual(response.json()["you_may"], ["reply"])
            self.assertEqual(response.json()["open_question"], "Di RT/RW berapa?")
        self.assertError(self.client.call("GET", path), 404, "not_found")
        self.assertError(self.client.call("GET", path, token=self.token(self.p.charlie)), 404, "not_found")
        self.assertError(self.client.call("GET", path, key="not-the-key"), 404, "not_found")

    @override_settings(SAMBAT_TRACKING_MISSES=3)
    def test_unknown_codes_count_against_the_address_like_on_the_tracking_page(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp)
        for code in ("SBT-222222", "SBT-333333", "nonsense"):
            self.assertError(self.client.call("GET", f"/complaints/{code}"), 404, "not_found")

        blocked = self.client.call("GET", f"/complaints/{complaint.tracking_code}")

        self.assertError(blocked, 429, "rate_limited")
        self.assertEqual(blocked["Retry-After"], "600")
        page = self.client.get(f"/lacak/{complaint.tracking_code}/", REMOTE_ADDR="127.0.0.1")
        self.assertEqual(page.status_code, 429)  # the web tracking page shares the allowance
        elsewhere = self.client.call("GET", f"/complaints/{complaint.tracking_code}", address="10.0.0.2")
        self.assertEqual(elsewhere.status_code, 200)

    def test_a_merged_report_points_to_the_one_that_carries_it(self) -> None:
        complaint = make_complaint_in(Status.MERGED, verifier=self.p.vera)
        body = self.client.call("GET", f"/complaints/{complaint.tracking_code}").json()
        self.assertEqual(body["status"], Status.MERGED)
        self.assertEqual(body["merged_into"], complaint.merged_into.tracking_code if complaint.merged_into else None)
        self.assertIsNotNone(body["merged_into"])

    def test_a_report_merged_into_a_confidential_one_does_not_name_it(self) -> None:
        target = make_complaint(category=self.p.roads, privacy=Privacy.CONFIDENTIAL, text="Pungli di kelurahan.")
        duplicate = make_complaint(category=None, text="Ada pungutan liar di kantor kelurahan kami.")
        actions.merge_complaint(complaint=duplicate, actor=self.p.vera, into=target)

        body = self.client.call("GET", f"/complaints/{duplicate.tracking_code}").json()

        self.assertEqual(body["status"], Status.MERGED)
        self.assertIsNone(body["merged_into"])
        self.assertNotIn(target.tracking_code, json.dumps(body))

    def test_a_rejected_report_shows_the_reason(self) -> None:
        complaint = make_complaint_in(Status.TRIAGE)
        actions.reject_complaint(complaint=complaint, actor=self.p.vera, reason="Bukan wewenang pemerintah kota.")
        body = self.client.call("GET", f"/complaints/{complaint.tracking_code}").json()
        self.assertEqual(body["timeline"][-1]["message"], "Bukan wewenang pemerintah kota.")
