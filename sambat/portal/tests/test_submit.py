import io
from typing import Any

from django.test import override_settings
from PIL import Image

from sambat.complaints.choices import Channel, RoutingSource, Status
from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import PASSWORD, classifier_off, make_category, png_bytes
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase, fake_image, noisy_jpeg, photo_bytes, pin, upload


class SubmitFormTests(PortalTestCase):
    def test_it_shows_the_form_with_categories_and_the_dont_know_choice(self) -> None:
        response = self.client.get("/lapor/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Jalan rusak")
        self.assertContains(response, 'name="photos"')
        self.assertContains(response, "multiple")
        self.assertContains(response, 'accept="image/*"')
        self.assertContains(response, 'data-sambat-map="pick"')
        # Assets are vendored: nothing is loaded from another site.
        self.assertNotContains(response, 'src="http')
        self.assertNotContains(response, 'href="http')

    def test_it_files_a_report_with_photo_and_pin(self) -> None:
        response = self.submit(category=self.p.roads.id, files=[upload("jalan.jpg")], **pin())
        complaint = Complaint.objects.get()
        self.assertRedirects(response, f"/lapor/terkirim/{complaint.tracking_code}/")
        self.assertEqual(complaint.area, self.p.kelurahan)
        self.assertEqual(complaint.kecamatan, self.p.kecamatan)
        self.assertEqual(complaint.department, self.p.dpuprpkp)
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.channel, Channel.WEB)
        self.assertIsNone(complaint.reporter)
        self.assertEqual(Attachment.objects.filter(complaint=complaint).count(), 1)
        self.assertIn(complaint.tracking_code, self.client.session["owned_codes"])

    def test_it_files_a_form_sent_twice_only_once(self) -> None:
        form_page = self.client.get("/lapor/")
        token = form_page.context["form"]["submission_token"].value()
        self.assertRegex(token, r"^[A-Za-z0-9_-]{16,64}$")
        first = self.submit(category=self.p.roads.id, submission_token=token, files=[upload("a.jpg")])
        again = self.submit(category=self.p.roads.id, submission_token=token, files=[upload("a.jpg")])
        complaint = Complaint.objects.get()
        self.assertEqual(Attachment.objects.count(), 1)
        self.assertEqual(complaint.events.filter(event_type="submitted").count(), 1)
        self.assertRedirects(first, f"/lapor/terkirim/{complaint.tracking_code}/")
        self.assertRedirects(again, f"/lapor/terkirim/{complaint.tracking_code}/")
        # A new form (a new token) files a new report.
        self.submit(
            category=self.p.roads.id,
            submission_token=self.client.get("/lapor/").context["form"]["submission_token"].value(),
        )
        self.assertEqual(Complaint.objects.count(), 2)

    def test_it_strips_location_data_from_the_served_photo(self) -> None:
        original = upload("gps.jpg")
        self.assertTrue(Image.open(io.BytesIO(original.read())).getexif().get_ifd(0x8825))
        original.seek(0)
        self.submit(category=self.p.roads.id, files=[original])
        attachment = Attachment.objects.get()
        for url in (f"/foto/{attachment.id}/", f"/foto/{attachment.id}/kecil/"):
            # A stranger's client: the complaint went straight to its department, so it is on the public board.
            response = EnglishClient().get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            self.assertIn("private", response["Cache-Control"])
            content = photo_bytes(response)
            image = Image.open(io.BytesIO(content))
            self.assertEqual(dict(image.getexif()), {})
            self.assertFalse(image.getexif().get_ifd(0x8825))
            self.assertNotIn(b"Exif", content)
            self.assertNotIn(b"SambatCam", content)

    def test_it_accepts_five_png_and_jpeg_photos(self) -> None:
        files = [upload(f"p{i}.jpg") for i in range(4)] + [upload("p.png", png_bytes(), "image/png")]
        self.file_report(files=files)
        self.assertEqual(Attachment.objects.count(), 5)

    def test_it_rejects_a_text_file_named_jpg_and_saves_nothing(self) -> None:
        before = self.counts()
        response = self.submit(files=[upload("ok.jpg"), fake_image("bukti.jpg")])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "bukti.jpg is not a valid image")
        self.assertContains(response, "Your report was not sent")
        self.assertEqual(self.counts(), before)

    @override_settings(SAMBAT_MAX_IMAGE_BYTES=4096)
    def test_it_rejects_an_oversized_photo_and_saves_nothing(self) -> None:
        big = noisy_jpeg()
        self.assertGreater(len(big), 4096)
        before = self.counts()
        response = self.submit(files=[upload("besar.jpg", big)])
        self.assertContains(response, "besar.jpg is larger than")
        self.assertEqual(self.counts(), before)

    def test_it_rejects_six_photos_and_saves_nothing(self) -> None:
        before = self.counts()
        response = self.submit(files=[upload(f"p{i}.jpg") for i in range(6)])
        self.assertContains(response, "At most 5 photos can be attached.")
        self.assertEqual(self.counts(), before)

    def test_it_rejects_invalid_coordinates_and_saves_nothing(self) -> None:
        before = self.counts()
        for latitude, longitude in (
            ("999", "112.63"),
            ("abc", "112.63"),
            ("-7.98", ""),
            ("nan", "inf"),
            ("-7.98", "181"),
        ):
            with self.subTest(latitude=latitude, longitude=longitude):
                response = self.submit(latitude=latitude, longitude=longitude)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The map location is not valid.")
        self.assertEqual(self.counts(), before)

    def test_it_refuses_a_pin_outside_the_city_and_saves_nothing(self) -> None:
        before = self.counts()
        for latitude, longitude in (("-6.2", "106.8166"), ("0", "0")):
            with self.subTest(latitude=latitude, longitude=longitude):
                response = self.submit(latitude=latitude, longitude=longitude)
                self.assertContains(response, "The pin is outside Kota Malang.")
        self.assertEqual(self.counts(), before)
        # Without a pin, the address alone is enough.
        self.assertIsNone(self.file_report(address="Jl. Ijen 1").latitude)

    def test_it_requires_a_description_of_reasonable_length(self) -> None:
        before = self.counts()
        for text in ("", "   ", "pendek", "x" * 5001, "\x00" * 20):
            with self.subTest(text=text[:10]):
                response = self.submit(text=text)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Your report was not sent")
        self.assertEqual(self.counts(), before)

    def test_it_validates_phone_and_email(self) -> None:
        before = self.counts()
        for field, value in (
            ("reporter_phone", "0812-abc"),
            ("reporter_phone", "123"),
            ("reporter_phone", "08" + "1" * 20),
            ("reporter_email", "not-an-email"),
        ):
            with self.subTest(field=field, value=value):
                overrides: dict[str, Any] = {field: value}
                response = self.submit(**overrides)
                self.assertContains(response, "Your report was not sent")
        self.assertEqual(self.counts(), before)
        complaint = self.file_report(
            reporter_phone="+62 812-3456-7890", reporter_email="siti@example.org", reporter_name="Siti"
        )
        self.assertEqual(complaint.reporter_phone, "+6281234567890")
        self.assertEqual(complaint.reporter_email, "siti@example.org")

    def test_it_sends_a_report_without_category_to_verification_when_routing_is_unsure(self) -> None:
        with classifier_off():
            complaint = self.file_report()
        self.assertIsNone(complaint.category)
        self.assertEqual(complaint.status, Status.TRIAGE)
        response = self.client.get(f"/lapor/terkirim/{complaint.tracking_code}/")
        self.assertContains(response, "is verifying your report")

    def test_the_shipped_model_routes_a_report_without_category_by_itself(self) -> None:
        complaint = self.file_report(text="Jalannya berlubang besar dan aspal rusak parah, sering ada yang jatuh.")
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, self.p.dpuprpkp))
        self.assertEqual(complaint.routing_source, RoutingSource.MODEL)
        self.assertEqual(complaint.category, self.p.roads)  # the model's category, it belongs to DPUPRPKP
        page = self.client.get(f"/lacak/{complaint.tracking_code}/")
        percent = round((complaint.routing_confidence or 0) * 100)
        self.assertContains(page, f"Routed automatically to {self.p.dpuprpkp.name} (confidence {percent}%)")

    def test_a_report_the_model_cannot_read_goes_to_verification_with_a_reason(self) -> None:
        complaint = self.file_report(text="🙏🙏🙏 !!! ??? 😡😡")  # filed on the English site
        self.assertEqual(complaint.status, Status.TRIAGE)
        # Kept for the verifiers in the city's language, whatever language the citizen used.
        self.assertIn("Teks terlalu pendek untuk diteruskan otomatis", complaint.triage_reason)

    def test_it_refuses_an_unknown_category(self) -> None:
        response = self.submit(category="999999")
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(Complaint.objects.count(), 0)

    def test_it_links_a_signed_in_citizen_and_prefills_their_contact(self) -> None:
        self.client.login(username="alice", password=PASSWORD)
        self.assertContains(self.client.get("/lapor/"), 'value="alice@example.org"')
        complaint = self.file_report(category=self.p.roads.id)
        self.assertEqual(complaint.reporter, self.p.alice)
        self.assertIsNone(complaint.assisted_by)
        self.assertEqual(complaint.channel, Channel.WEB)


class AssistedFilingTests(PortalTestCase):
    def test_it_files_for_a_resident_when_signed_in_as_kim_assistant(self) -> None:
        self.client.login(username="kim", password=PASSWORD)
        response = self.client.get("/lapor/")
        self.assertContains(response, "Filing for a resident")
        self.assertContains(response, "Resident&#x27;s phone")
        # The form speaks about the resident, not to the assistant as if they were the reporter.
        self.assertContains(response, "1. The resident's report")
        self.assertContains(response, "the resident&#x27;s identity is hidden")
        self.assertNotContains(response, "my identity is hidden")
        self.assertNotContains(response, self.p.kim.email)
        complaint = self.file_report(
            reporter_name="Pak Slamet", reporter_phone="081234567890", category=self.p.roads.id
        )
        self.assertEqual(complaint.channel, Channel.ASSISTED)
        self.assertEqual(complaint.assisted_by, self.p.kim)
        self.assertIsNone(complaint.reporter)
        self.assertEqual(complaint.reporter_name, "Pak Slamet")
        # The assistant follows it up from "my reports".
        self.assertContains(self.client.get("/aduan-saya/"), complaint.tracking_code)


class ExtraQuestionTests(PortalTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.lights = make_category(
            code="lampu-jalan",
            name="Lampu jalan mati",
            department=self.p.dpuprpkp,
            extra_questions=[
                {"code": "pole_number", "label": "Nomor tiang", "datatype": "string", "required": False},
                {
                    "code": "since",
                    "label": "Sejak kapan",
                    "datatype": "singlevaluelist",
                    "required": True,
                    "values": [{"key": "today", "name": "Hari ini"}, {"key": "week", "name": "Seminggu"}],
                },
                {"code": "lamps", "label": "Jumlah lampu", "datatype": "number", "required": False},
                {"broken": "definition without code"},
            ],
        )

    def test_it_renders_the_questions_of_the_chosen_category(self) -> None:
        response = self.client.get("/lapor/pertanyaan-tambahan/", {"category": self.lights.id})
        self.assertContains(response, "Nomor tiang")
        self.assertContains(response, "Seminggu")
        self.assertNotContains(response, "This field is required")
        for category in ("", "abc", "999999", str(self.p.roads.id)):
            with self.subTest(category=category):
                response = self.client.get("/lapor/pertanyaan-tambahan/", {"category": category})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<fieldset")

    def test_it_asks_for_required_answers_and_rejects_unknown_values(self) -> None:
        cases: list[dict[str, Any]] = [{}, {"extra__since": "year"}, {"extra__since": "week", "extra__lamps": "x"}]
        for answers in cases:
            with self.subTest(answers=answers):
                response = self.submit(category=self.lights.id, **answers)
                self.assertContains(response, "Your report was not sent")
                self.assertContains(response, "Sejak kapan")
        self.assertEqual(Complaint.objects.count(), 0)

    def test_it_stores_the_answers_and_shows_them_on_the_tracking_page(self) -> None:
        complaint = self.file_report(
            category=self.lights.id, extra__since="week", extra__pole_number="PJU-17", extra__lamps="3"
        )
        self.assertEqual(complaint.extra, {"since": "week", "pole_number": "PJU-17", "lamps": 3.0})
        response = self.client.get(f"/lacak/{complaint.tracking_code}/")
        self.assertContains(response, "Seminggu")
        self.assertContains(response, "PJU-17")
