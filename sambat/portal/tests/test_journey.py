"""The whole citizen journey through HTTP: report, track, answer a question, reopen, rate."""

import io

from django.utils import timezone
from PIL import Image

from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import backdate, days_ago
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase, photo_bytes, pin, upload
from sambat.sla.calendar import add_working_days, working_days_between


class CitizenJourneyTests(PortalTestCase):
    def test_it_follows_a_report_from_submission_to_rating(self) -> None:
        p = self.p
        # 1. An anonymous visitor reports a pothole with a photo straight from the phone (GPS in EXIF).
        response = self.submit(
            category=p.roads.id,
            files=[upload("lubang.jpg")],
            reporter_name="Siti Rahayu",
            reporter_phone="081234567890",
            **pin(),
        )
        complaint = Complaint.objects.get()
        code = complaint.tracking_code
        self.assertRedirects(response, f"/lapor/terkirim/{code}/")
        page = self.client.get(f"/lapor/terkirim/{code}/")
        self.assertContains(page, code)
        self.assertContains(page, f"/lacak/{code}/?k={complaint.citizen_key}")
        self.assertContains(page, "Dinas Pekerjaan Umum")

        # 2. The public photo carries no location.
        attachment = Attachment.objects.get()
        image = Image.open(io.BytesIO(photo_bytes(EnglishClient().get(f"/foto/{attachment.id}/"))))
        self.assertFalse(image.getexif().get_ifd(0x8825))

        # 3. Anyone with the code sees the status, but not the reporter, and no citizen actions.
        public = EnglishClient()
        page = public.get(f"/lacak/{code}/")
        self.assertContains(page, "Sent to department")
        self.assertContains(page, "Jalan rusak")
        self.assertNotContains(page, "Siti Rahayu")
        self.assertNotContains(page, "081234567890")
        self.assertNotContains(page, "/balas/")

        # 4. The department asks for information: the clocks pause.
        actions.request_information(complaint=complaint, actor=p.oscar, question="Di depan rumah nomor berapa?")
        complaint = backdate(complaint, paused_at=days_ago(2))
        resolve_due_before = complaint.resolve_due_at
        assert resolve_due_before is not None
        self.assertContains(public.get(f"/lacak/{code}/"), "Di depan rumah nomor berapa?")
        with self.assertLogs("django.request", "WARNING"):
            self.assertEqual(public.post(f"/lacak/{code}/balas/", {"message": "Nomor 12"}).status_code, 403)

        # 5. On another phone, the citizen opens the private link and answers; the clocks resume.
        phone = EnglishClient()
        response = phone.get(f"/lacak/{code}/?k={complaint.citizen_key}")
        self.assertRedirects(response, f"/lacak/{code}/")
        page = phone.get(f"/lacak/{code}/")
        self.assertContains(page, "The department needs information from you")
        # The question is repeated right above the answer form, not only in the timeline below it.
        form_part = page.content.decode().split("The department needs information from you", 1)[1]
        self.assertIn("Di depan rumah nomor berapa?", form_part.split("</form>", 1)[0])
        response = phone.post(
            f"/lacak/{code}/balas/", {"message": "Depan rumah nomor 12, RT 03.", "photos": [upload("detail.jpg")]}
        )
        self.assertRedirects(response, f"/lacak/{code}/")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        self.assertIsNone(complaint.paused_at)
        assert complaint.resolve_due_at is not None
        # The deadline moves by the working days the pause lasted (two calendar days ago until today).
        paused_days = working_days_between(days_ago(2), timezone.now())
        self.assertEqual(complaint.resolve_due_at, add_working_days(resolve_due_before, paused_days))
        if paused_days:
            self.assertGreater(complaint.resolve_due_at, resolve_due_before)
        self.assertEqual(Attachment.objects.count(), 2)
        self.assertContains(public.get(f"/lacak/{code}/"), "Depan rumah nomor 12, RT 03.")

        # 6. Resolved: the citizen is not satisfied and reopens within the window.
        actions.resolve_complaint(complaint=complaint, actor=p.oscar, message="Sudah ditambal.")
        page = phone.get(f"/lacak/{code}/")
        self.assertContains(page, "Is the problem solved? Confirm and rate")
        self.assertContains(page, "Not solved? Reopen the report")
        response = phone.post(f"/lacak/{code}/buka-kembali/", {"reason": "Tambalan sudah lepas lagi."})
        self.assertRedirects(response, f"/lacak/{code}/")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        self.assertEqual(complaint.reopen_count, 1)

        # 7. Resolved again, and 11 days later reopening is refused.
        actions.resolve_complaint(complaint=complaint, actor=p.oscar, message="Sudah diaspal ulang.")
        complaint = backdate(complaint, resolved_at=days_ago(11))
        self.assertNotContains(phone.get(f"/lacak/{code}/"), "Not solved? Reopen the report")
        response = phone.post(f"/lacak/{code}/buka-kembali/", {"reason": "Masih rusak."}, follow=True)
        self.assertContains(response, "The period for reopening this complaint has ended.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.RESOLVED)
        self.assertEqual(complaint.reopen_count, 1)

        # 8. The citizen confirms with a rating: the report is closed, and cannot be rated twice.
        response = phone.post(f"/lacak/{code}/nilai/", {"rating": "5", "comment": "Terima kasih, cepat."})
        self.assertRedirects(response, f"/lacak/{code}/")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)
        self.assertEqual(complaint.rating, 5)
        response = phone.post(f"/lacak/{code}/nilai/", {"rating": "1"}, follow=True)
        self.assertContains(response, "already been rated")
        complaint.refresh_from_db()
        self.assertEqual(complaint.rating, 5)
        page = public.get(f"/lacak/{code}/")
        self.assertContains(page, "Closed")
        self.assertContains(page, "5/5")
