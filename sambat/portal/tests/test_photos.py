from sambat.complaints import actions
from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Attachment
from sambat.complaints.tests.factories import PASSWORD, clean_photos, make_complaint_in
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase, photo_bytes


class PhotoAccessTests(PortalTestCase):
    def status_for(self, client: EnglishClient, attachment: Attachment) -> int:
        response = client.get(f"/foto/{attachment.id}/")
        if response.status_code == 200:
            photo_bytes(response)
        return response.status_code

    def as_user(self, username: str) -> EnglishClient:
        client = EnglishClient()
        client.login(username=username, password=PASSWORD)
        return client

    def test_it_serves_public_photos_to_anyone_with_a_long_private_cache(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, photos=clean_photos(1))
        attachment = Attachment.objects.get(complaint=complaint)
        response = EnglishClient().get(f"/foto/{attachment.id}/kecil/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertIn("max-age=31536000", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(photo_bytes(response).startswith(b"\xff\xd8"))
        with self.assertLogs("django.request", "WARNING"):
            self.assertEqual(EnglishClient().get("/foto/999999/").status_code, 404)

    def test_it_serves_confidential_photos_only_to_the_citizen_and_staff_who_may_see_them(self) -> None:
        complaint = make_complaint_in(
            Status.ASSIGNED,
            department=self.p.dpuprpkp,
            privacy=Privacy.CONFIDENTIAL,
            photos=clean_photos(1),
            reporter=self.p.alice,
        )
        attachment = Attachment.objects.get(complaint=complaint)
        owner_browser = EnglishClient()
        owner_browser.get(f"/lacak/{complaint.tracking_code}/", {"k": complaint.citizen_key})
        allowed = [
            owner_browser,
            self.as_user("alice"),
            self.as_user("oscar"),
            self.as_user("hana"),
            self.as_user("vera"),
            self.as_user("lena"),
        ]
        refused = [EnglishClient(), self.as_user("bob"), self.as_user("charlie"), self.as_user("kim")]
        for client in allowed:
            self.assertEqual(self.status_for(client, attachment), 200)
        with self.assertLogs("django.request", "WARNING"):
            for client in refused:
                self.assertEqual(self.status_for(client, attachment), 404)

    def test_it_keeps_photos_private_until_the_complaint_is_on_the_public_board(self) -> None:
        for status in (Status.TRIAGE, Status.REJECTED):
            complaint = make_complaint_in(status, department=self.p.dpuprpkp, photos=clean_photos(1))
            attachment = Attachment.objects.get(complaint=complaint)
            with self.assertLogs("django.request", "WARNING"):
                self.assertEqual(self.status_for(EnglishClient(), attachment), 404)
            self.assertEqual(self.status_for(self.as_user("vera"), attachment), 200)
            page = EnglishClient().get(f"/lacak/{complaint.tracking_code}/")
            self.assertNotContains(page, f"/foto/{attachment.id}/")

    def test_it_shows_the_citizen_their_confidential_photos_on_the_tracking_page(self) -> None:
        complaint = make_complaint_in(
            Status.NEEDS_INFO,
            department=self.p.dpuprpkp,
            officer=self.p.oscar,
            privacy=Privacy.CONFIDENTIAL,
            photos=clean_photos(1),
        )
        attachment = Attachment.objects.get(complaint=complaint)
        url = f"/lacak/{complaint.tracking_code}/"
        self.assertNotContains(EnglishClient().get(url), f"/foto/{attachment.id}/")
        self.client.get(url, {"k": complaint.citizen_key})
        self.assertContains(self.client.get(url), f"/foto/{attachment.id}/kecil/")

    def test_it_shows_the_departments_proof_photos_on_the_timeline(self) -> None:
        complaint = make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp, officer=self.p.oscar)
        actions.resolve_complaint(
            complaint=complaint, actor=self.p.oscar, message="Sudah diperbaiki.", photos=clean_photos(2)
        )
        page = EnglishClient().get(f"/lacak/{complaint.tracking_code}/")
        for attachment in Attachment.objects.filter(complaint=complaint):
            self.assertContains(page, f'href="/foto/{attachment.id}/"')
