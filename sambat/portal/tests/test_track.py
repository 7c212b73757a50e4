from typing import Any

from django.test import Client, override_settings

from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.tests.factories import PASSWORD, backdate, days_ago, make_complaint, make_complaint_in
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase, fake_image


class SubmittedPageTests(PortalTestCase):
    def test_it_shows_the_code_and_private_link_only_to_the_browser_that_filed(self) -> None:
        complaint = self.file_report(category=self.p.roads.id)
        url = f"/lapor/terkirim/{complaint.tracking_code}/"
        page = self.client.get(url)
        self.assertContains(page, complaint.citizen_key)
        self.assertIn("no-cache", page["Cache-Control"])
        other = EnglishClient().get(url)
        self.assertRedirects(other, f"/lacak/{complaint.tracking_code}/")
        with self.assertLogs("django.request", "WARNING"):
            self.assertRedirects(
                EnglishClient().get("/lapor/terkirim/SBT-2222AA/"), "/lacak/SBT-2222AA/", target_status_code=404
            )


class TrackLookupTests(PortalTestCase):
    def test_it_normalises_the_code_typed_by_the_citizen(self) -> None:
        complaint = make_complaint(category=self.p.roads)
        code = complaint.tracking_code
        for typed in (code, code.lower(), code.replace("-", " "), code[4:], f"  {code.lower()}  "):
            with self.subTest(typed=typed):
                self.assertRedirects(self.client.get("/lacak/", {"code": typed}), f"/lacak/{code}/")
        self.assertRedirects(self.client.get(f"/lacak/{code.lower()}/"), f"/lacak/{code}/")

    def test_it_says_clearly_when_a_code_is_unknown_or_malformed(self) -> None:
        make_complaint(category=self.p.roads)
        response = self.client.get("/lacak/", {"code": "SBT-2222AA"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No report has the code SBT-2222AA")
        response = self.client.get("/lacak/", {"code": "<script>alert(1)</script>"})
        self.assertContains(response, "This is not a tracking code")
        self.assertNotContains(response, "<script>alert(1)</script>")
        with self.assertLogs("django.request", "WARNING"):
            self.assertEqual(self.client.get("/lacak/SBT-2222AA/").status_code, 404)
        self.assertEqual(self.client.get("/lacak/").status_code, 200)


class TrackPageTests(PortalTestCase):
    def test_it_shows_status_department_area_deadline_and_timeline(self) -> None:
        complaint = self.file_report(category=self.p.roads.id, latitude="-7.979712", longitude="112.630456")
        page = self.client.get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(page, "Sent to department")
        self.assertContains(page, "Dinas Pekerjaan Umum")
        self.assertContains(page, self.p.kelurahan.name)
        self.assertContains(page, "Klojen")
        self.assertContains(page, "Response due")
        self.assertContains(page, "Routed automatically")
        # Coordinates are written with a decimal point whatever the language; the browser that filed the report
        # sees its pin as set, everyone else to about 10 m (as on the board, in the API and in Open311).
        self.assertRegex(page.content.decode(), r'data-lat="-7\.979712"\s+data-lon="112\.630456"')
        public = Client().get(f"/lacak/{complaint.tracking_code}/").content.decode()
        self.assertRegex(public, r'data-lat="-7\.9797"\s+data-lon="112\.6305"')

    def test_it_marks_overdue_complaints(self) -> None:
        complaint = make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp, officer=self.p.oscar)
        backdate(complaint, resolve_due_at=days_ago(1))
        self.assertContains(self.client.get(f"/lacak/{complaint.tracking_code}/"), "Overdue")

    def test_it_shows_html_typed_by_a_citizen_as_text(self) -> None:
        script = "<script>alert('sambat')</script> <b>tebal</b>"
        complaint = self.file_report(
            title="<img src=x onerror=alert(1)>", text=f"Jalan rusak parah {script}", category=self.p.roads.id
        )
        page = self.client.get(f"/lacak/{complaint.tracking_code}/")
        self.assertNotContains(page, "<script>alert(")
        self.assertNotContains(page, "<b>tebal</b>")
        self.assertNotContains(page, "<img src=x")
        self.assertContains(page, "&lt;script&gt;alert(&#x27;sambat&#x27;)&lt;/script&gt;")
        self.assertContains(page, "&lt;img src=x onerror=alert(1)&gt;")
        board = self.client.get("/papan/")
        self.assertNotContains(board, "<img src=x")
        self.assertContains(board, "&lt;img src=x onerror=alert(1)&gt;")

    def test_it_masks_phone_numbers_nik_and_never_shows_the_reporter(self) -> None:
        complaint = self.file_report(
            text="Hubungi saya di 0812-3456-7890, NIK 3573011234567890, tolong segera diperbaiki.",
            reporter_name="Budi Santoso",
            reporter_email="budi@example.org",
            category=self.p.roads.id,
        )
        page = self.client.get(f"/lacak/{complaint.tracking_code}/")
        for secret in ("0812-3456-7890", "081234567890", "3573011234567890", "Budi Santoso", "budi@example.org"):
            self.assertNotContains(page, secret)
        self.assertContains(page, "357301**********")

    def test_it_links_a_merged_report_to_the_one_that_carries_it(self) -> None:
        complaint = make_complaint_in(Status.MERGED)
        target = complaint.merged_into
        assert target is not None
        page = self.client.get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(page, f'href="/lacak/{target.tracking_code}/"')

    def test_it_never_names_a_confidential_report_it_was_merged_into(self) -> None:
        target = make_complaint(category=self.p.roads, privacy=Privacy.CONFIDENTIAL, text="Pungli di kelurahan.")
        duplicate = make_complaint(category=None, text="Ada pungutan liar di kantor kelurahan kami.")
        duplicate = actions.merge_complaint(complaint=duplicate, actor=self.p.vera, into=target)

        page = self.client.get(f"/lacak/{duplicate.tracking_code}/")

        self.assertContains(page, "handled together with another report")
        self.assertNotContains(page, target.tracking_code)

    def test_it_shows_confidential_content_only_to_its_citizen(self) -> None:
        complaint = self.file_report(
            privacy=Privacy.CONFIDENTIAL,
            text="Pungutan liar oleh petugas di kantor kelurahan.",
            category=self.p.roads.id,
        )
        actions.request_information(complaint=complaint, actor=self.p.oscar, question="Kapan kejadiannya?")
        actions.citizen_reply(complaint=complaint, message="Senin pagi, loket dua.")
        public = EnglishClient().get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(public, "Confidential report")
        self.assertContains(public, "Kapan kejadiannya?")  # the city's question is a timeline message
        self.assertNotContains(public, "Pungutan liar")
        self.assertNotContains(public, "Senin pagi")
        self.assertNotContains(public, "Jalan rusak")  # nor the category
        own = self.client.get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(own, "Pungutan liar")
        self.assertContains(own, "Senin pagi")


class PrivateLinkTests(PortalTestCase):
    def test_it_remembers_a_valid_key_and_removes_it_from_the_address(self) -> None:
        complaint = make_complaint_in(Status.NEEDS_INFO, department=self.p.dpuprpkp, officer=self.p.oscar)
        url = f"/lacak/{complaint.tracking_code}/"
        response = self.client.get(url, {"k": complaint.citizen_key})
        self.assertRedirects(response, url)
        self.assertIn(complaint.tracking_code, self.client.session["owned_codes"])
        self.assertContains(self.client.get(url), "Send answer")

    def test_it_ignores_a_wrong_key(self) -> None:
        complaint = make_complaint_in(Status.NEEDS_INFO, department=self.p.dpuprpkp, officer=self.p.oscar)
        url = f"/lacak/{complaint.tracking_code}/"
        response = self.client.get(url, {"k": "wrong" + complaint.citizen_key}, follow=True)
        self.assertRedirects(response, url)
        self.assertContains(response, "This private link is not valid")
        self.assertNotContains(response, "Send answer")
        self.assertNotIn(complaint.tracking_code, self.client.session.get("owned_codes", []))

    def test_it_shows_the_actions_to_the_signed_in_reporter(self) -> None:
        complaint = make_complaint_in(
            Status.NEEDS_INFO, department=self.p.dpuprpkp, officer=self.p.oscar, reporter=self.p.alice
        )
        url = f"/lacak/{complaint.tracking_code}/"
        self.client.login(username="charlie", password=PASSWORD)
        self.assertNotContains(self.client.get(url), "Send answer")
        self.client.login(username="alice", password=PASSWORD)
        self.assertContains(self.client.get(url), "Send answer")
        self.client.post(f"{url}balas/", {"message": "Di depan toko roti."})
        event = ComplaintEvent.objects.filter(complaint=complaint).latest("id")
        self.assertEqual(event.event_type, "citizen_replied")
        self.assertEqual(event.actor, self.p.alice)


class CitizenActionTests(PortalTestCase):
    def owned(self, status: str, **kwargs: Any) -> Complaint:
        complaint = make_complaint_in(status, department=self.p.dpuprpkp, officer=self.p.oscar, **kwargs)
        self.client.get(f"/lacak/{complaint.tracking_code}/", {"k": complaint.citizen_key})
        return complaint

    def test_it_refuses_strangers_and_get_requests(self) -> None:
        complaint = self.owned(Status.RESOLVED)
        stranger = EnglishClient()
        base = f"/lacak/{complaint.tracking_code}"
        with self.assertLogs("django.request", "WARNING"):
            for path, data in (
                ("balas", {"message": "x"}),
                ("nilai", {"rating": "1"}),
                ("buka-kembali", {"reason": "x"}),
            ):
                self.assertEqual(stranger.post(f"{base}/{path}/", data).status_code, 403)
                self.assertEqual(self.client.get(f"{base}/{path}/").status_code, 405)
            self.assertEqual(self.client.post("/lacak/SBT-2222AA/nilai/", {"rating": "5"}).status_code, 404)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.RESOLVED)
        self.assertIsNone(complaint.rating)

    def test_it_reports_invalid_input_without_changing_anything(self) -> None:
        complaint = self.owned(Status.RESOLVED)
        events = ComplaintEvent.objects.count()
        base = f"/lacak/{complaint.tracking_code}"
        for rating in ("0", "6", "lima", ""):
            with self.subTest(rating=rating):
                self.assertEqual(self.client.post(f"{base}/nilai/", {"rating": rating}).status_code, 200)
        self.assertContains(self.client.post(f"{base}/buka-kembali/", {"reason": "  "}), "This field is required")
        self.assertEqual(ComplaintEvent.objects.count(), events)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.RESOLVED)

    def test_it_refuses_a_reply_when_no_information_was_asked(self) -> None:
        complaint = self.owned(Status.IN_PROGRESS)
        response = self.client.post(f"/lacak/{complaint.tracking_code}/balas/", {"message": "Tambahan."}, follow=True)
        self.assertContains(response, "This cannot be done while the complaint is")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_PROGRESS)

    def test_it_refuses_a_bad_photo_in_a_reply_and_saves_nothing(self) -> None:
        complaint = self.owned(Status.NEEDS_INFO)
        before = self.counts()
        response = self.client.post(
            f"/lacak/{complaint.tracking_code}/balas/", {"message": "Ini fotonya.", "photos": [fake_image("foto.jpg")]}
        )
        self.assertContains(response, "foto.jpg is not a valid image")
        self.assertEqual(self.counts(), before)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.NEEDS_INFO)

    def test_it_lets_the_citizen_rate_a_closed_report_once(self) -> None:
        complaint = self.owned(Status.CLOSED)
        base = f"/lacak/{complaint.tracking_code}"
        self.assertContains(self.client.get(f"{base}/"), "Rate the handling")
        self.client.post(f"{base}/nilai/", {"rating": "2", "comment": "Lambat."})
        complaint.refresh_from_db()
        self.assertEqual((complaint.status, complaint.rating), (Status.CLOSED, 2))
        self.assertNotContains(self.client.get(f"{base}/"), "Rate the handling")


@override_settings(SAMBAT_TRACKING_MISSES=3, SAMBAT_TRACKING_WINDOW_SECONDS=600)
class TrackingCodeGuessingTests(PortalTestCase):
    def test_it_makes_an_address_wait_after_too_many_unknown_codes(self) -> None:
        complaint = make_complaint(category=self.p.roads)
        guesser = EnglishClient(REMOTE_ADDR="203.0.113.9")
        with self.assertLogs("django.request", "WARNING"):
            for code in ("SBT-222222", "SBT-333333"):
                self.assertEqual(guesser.get(f"/lacak/{code}/").status_code, 404)
        self.assertContains(guesser.get("/lacak/", {"code": "SBT-444444"}), "No report has the code")
        # Known codes keep working for everyone else, and no longer for the guesser.
        self.assertEqual(EnglishClient().get(f"/lacak/{complaint.tracking_code}/").status_code, 200)
        with self.assertLogs("django.request", "WARNING"):
            blocked = guesser.get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(blocked, "Too many unknown tracking codes", status_code=429)
