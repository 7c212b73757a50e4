import io

from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from sambat.agencies.choices import DatumType
from sambat.complaints.choices import Channel, Privacy, Status
from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import (
    OUTSIDE_LAT,
    OUTSIDE_LON,
    Personas,
    TemporaryMediaMixin,
    make_category,
    upload,
)
from sambat.open311.actions import create_client
from sambat.open311.models import Open311Client, Open311Submission
from sambat.open311.tests.helpers import BASE, error_of, get_json, parse, post_request
from sambat.portal.tests.helpers import EnglishClient

FORMATS = ("json", "xml")

QUESTIONS = [
    {
        "code": "ukuran",
        "label": "Ukuran kerusakan",
        "datatype": DatumType.SINGLEVALUELIST,
        "required": True,
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    },
    {
        "code": "jenis",
        "label": "Jenis lampu",
        "datatype": DatumType.MULTIVALUELIST,
        "values": [{"key": "led", "name": "LED"}, {"key": "sodium", "name": "Sodium"}],
    },
    {"code": "nomor_tiang", "label": "Nomor tiang", "datatype": DatumType.NUMBER},
]


class PostTestCase(TemporaryMediaMixin, TestCase):
    # Texts are asserted in English, whatever the Indonesian translations say.
    client_class = EnglishClient

    def setUp(self) -> None:
        self.p = Personas()
        self.open311_client, self.key = create_client(name="FixMyStreet Malang", channel_name="FixMyStreet")

    def valid(self, **overrides: object) -> dict:
        data: dict[str, object] = {
            "api_key": self.key,
            "jurisdiction_id": "malangkota.go.id",
            "service_code": "jalan-rusak",
            "lat": "-7.9797",
            "long": "112.6304",
            "description": "Jalan berlubang dalam di depan pasar, sudah dua minggu tidak diperbaiki.",
            "email": "dewi@example.org",
            "first_name": "Dewi",
            "last_name": "Lestari",
            "phone": "081298765432",
            "device_id": "android-42",
            "account_id": "fms-user-7",
        }
        data.update(overrides)
        return {name: value for name, value in data.items() if value is not None}

    def assert_refused(self, data: dict, *, status: int, mentions: str = "", **extra: object) -> None:
        """Both formats answer the GeoReport error `status`, and nothing is stored."""
        before = (Complaint.objects.count(), Open311Submission.objects.count())
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                response = post_request(self.client, data, fmt, **extra)
                self.assertEqual(response.status_code, status, response.content)
                code, description = error_of(response, fmt)
                self.assertEqual(code, status)
                self.assertIn(mentions, description)
        self.assertEqual((Complaint.objects.count(), Open311Submission.objects.count()), before)


@override_settings(SAMBAT_PUBLIC_BASE_URL="https://sambat.example.org")
class CreateServiceRequestTests(PostTestCase):
    def test_it_files_a_public_complaint_and_answers_its_tracking_code_in_json(self) -> None:
        response = post_request(self.client, self.valid())
        self.assertEqual(response.status_code, 201, response.content)
        (answer,) = parse(response, "json")
        self.assertEqual(list(answer), ["service_request_id", "token", "service_notice", "account_id"])
        self.assertIsNone(answer["account_id"])
        complaint = Complaint.objects.get(tracking_code=answer["service_request_id"])
        self.assertIn(f"https://sambat.example.org/lacak/{complaint.tracking_code}/", answer["service_notice"])
        self.assertEqual((complaint.channel, complaint.channel_name), (Channel.OPEN311, "FixMyStreet"))
        self.assertEqual(complaint.privacy, Privacy.PUBLIC)
        self.assertEqual(complaint.text, "Jalan berlubang dalam di depan pasar, sudah dua minggu tidak diperbaiki.")
        self.assertEqual((complaint.category, complaint.department), (self.p.roads, self.p.dpuprpkp))
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.area, self.p.kelurahan)
        self.assertEqual((str(complaint.latitude), str(complaint.longitude)), ("-7.979700", "112.630400"))
        # The citizen's contact is kept for the city...
        self.assertEqual(
            (complaint.reporter_name, complaint.reporter_phone, complaint.reporter_email),
            ("Dewi Lestari", "081298765432", "dewi@example.org"),
        )
        submission = Open311Submission.objects.get(complaint=complaint)
        self.assertEqual(submission.token, answer["token"])
        self.assertEqual(
            (submission.client, submission.device_id, submission.account_id),
            (self.open311_client, "android-42", "fms-user-7"),
        )
        # ...and never published: the request reads back without it.
        for fmt in FORMATS:
            body = self.client.get(f"{BASE}requests/{complaint.tracking_code}.{fmt}").content.decode()
            self.assertIn(complaint.tracking_code, body)
            for secret in ("Dewi", "Lestari", "081298765432", "dewi@example.org", "android-42", "fms-user-7"):
                self.assertNotIn(secret, body)

    def test_it_answers_in_xml(self) -> None:
        response = post_request(self.client, self.valid(), "xml")
        self.assertEqual(response.status_code, 201, response.content)
        root = parse(response, "xml")
        self.assertEqual(root.tag, "service_requests")
        (request,) = root.findall("request")
        self.assertEqual(
            [child.tag for child in request], ["service_request_id", "token", "service_notice", "account_id"]
        )
        code = request.findtext("service_request_id")
        self.assertTrue(Complaint.objects.filter(tracking_code=code, channel=Channel.OPEN311).exists())
        self.assertEqual(request.findtext("account_id"), "")
        self.assertEqual(Open311Submission.objects.get(token=request.findtext("token")).complaint.tracking_code, code)

    def test_it_accepts_a_multipart_form_and_cleans_an_uploaded_photo(self) -> None:
        response = self.client.post(f"{BASE}requests.json", {**self.valid(), "media": upload("lubang.jpg")})
        self.assertEqual(response.status_code, 201, response.content)
        complaint = Complaint.objects.get(tracking_code=parse(response, "json")[0]["service_request_id"])
        (attachment,) = Attachment.objects.filter(complaint=complaint)
        with attachment.image.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
            self.assertEqual(dict(image.getexif()), {})

    def test_it_refuses_an_uploaded_file_that_is_no_image(self) -> None:
        fake = upload("lubang.jpg", content=b"GIF89a but not really an image")
        before = Complaint.objects.count()
        response = self.client.post(f"{BASE}requests.json", {**self.valid(), "media": fake})
        self.assertEqual(response.status_code, 400)
        self.assertIn("media: ", error_of(response, "json")[1])
        self.assertEqual(Complaint.objects.count(), before)

    def test_it_shows_the_clients_channel_name_to_staff(self) -> None:
        code = parse(post_request(self.client, self.valid()), "json")[0]["service_request_id"]
        complaint = Complaint.objects.get(tracking_code=code)
        self.client.force_login(self.p.oscar)
        page = self.client.get(reverse("staff:complaint", args=[complaint.id]))
        self.assertContains(page, "Open311 (FixMyStreet)")

    def test_it_uses_the_clients_name_without_a_channel_name(self) -> None:
        _client, key = create_client(name="Aplikasi Kelurahan")
        code = parse(post_request(self.client, self.valid(api_key=key)), "json")[0]["service_request_id"]
        self.assertEqual(Complaint.objects.get(tracking_code=code).channel_name, "Aplikasi Kelurahan")

    def test_it_accepts_an_address_instead_of_coordinates(self) -> None:
        for field, value in (("address_string", "Jl. Ijen 12, Klojen"), ("address_id", "PERSIL-3573-0042")):
            with self.subTest(field=field):
                response = post_request(self.client, self.valid(lat=None, long=None, **{field: value}))
                self.assertEqual(response.status_code, 201, response.content)
                complaint = Complaint.objects.get(tracking_code=parse(response, "json")[0]["service_request_id"])
                self.assertEqual((complaint.address, complaint.latitude), (value, None))

    def test_it_files_one_complaint_for_a_repeated_idempotency_key(self) -> None:
        first = post_request(self.client, self.valid(), HTTP_IDEMPOTENCY_KEY="fms-report-991")
        again = post_request(self.client, self.valid(), HTTP_IDEMPOTENCY_KEY="fms-report-991")
        other = post_request(self.client, self.valid(), HTTP_IDEMPOTENCY_KEY="fms-report-992")
        first_code = parse(first, "json")[0]["service_request_id"]
        self.assertEqual(parse(again, "json")[0]["service_request_id"], first_code)
        self.assertNotEqual(parse(other, "json")[0]["service_request_id"], first_code)
        self.assertEqual(Complaint.objects.filter(channel=Channel.OPEN311).count(), 2)
        self.assertEqual(Open311Submission.objects.count(), 2)

    def test_it_notes_when_the_client_last_sent(self) -> None:
        self.assertIsNone(self.open311_client.last_used_at)
        post_request(self.client, self.valid())
        self.open311_client.refresh_from_db()
        self.assertIsNotNone(self.open311_client.last_used_at)


class RefusedServiceRequestTests(PostTestCase):
    def test_it_refuses_a_missing_wrong_or_inactive_key_with_403(self) -> None:
        self.assert_refused(self.valid(api_key=None), status=403, mentions="api_key")
        self.assert_refused(self.valid(api_key=self.key + "x"), status=403, mentions="api_key")
        Open311Client.objects.filter(pk=self.open311_client.pk).update(is_active=False)
        self.assert_refused(self.valid(), status=403, mentions="api_key")

    def test_it_checks_the_key_before_anything_else(self) -> None:
        self.assert_refused({"api_key": "tebakan", "service_code": "tidak-ada"}, status=403)

    def test_it_requires_a_service_code_with_400(self) -> None:
        self.assert_refused(self.valid(service_code=None), status=400, mentions="service_code")
        self.assert_refused(self.valid(service_code="  "), status=400, mentions="service_code")

    def test_it_answers_404_for_an_unknown_or_retired_service(self) -> None:
        make_category(code="lama", name="Kategori lama", is_active=False)
        self.assert_refused(self.valid(service_code="tidak-ada"), status=404, mentions="tidak-ada")
        self.assert_refused(self.valid(service_code="lama"), status=404, mentions="lama")

    def test_it_requires_a_location(self) -> None:
        self.assert_refused(self.valid(lat=None, long=None), status=400, mentions="address_string")
        self.assert_refused(self.valid(long=None), status=400, mentions="lat: ")
        self.assert_refused(self.valid(lat="utara", long="timur"), status=400, mentions="lat: ")

    def test_it_refuses_a_pin_outside_the_city_as_the_web_form_does(self) -> None:
        self.assert_refused(
            self.valid(lat=str(OUTSIDE_LAT), long=str(OUTSIDE_LON)),
            status=400,
            mentions="lat: The pin is outside Kota Malang.",
        )

    def test_it_requires_a_description(self) -> None:
        for description in (None, "", "   ", "pendek"):
            with self.subTest(description=description):
                self.assert_refused(self.valid(description=description), status=400, mentions="description: ")

    def test_it_checks_the_contact_fields(self) -> None:
        self.assert_refused(self.valid(email="bukan-email"), status=400, mentions="email: ")
        self.assert_refused(self.valid(phone="0812-abc"), status=400, mentions="phone: ")

    def test_it_wants_a_form_not_json(self) -> None:
        before = Complaint.objects.count()
        response = self.client.post(f"{BASE}requests.json", self.valid(), content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("form-encoded", error_of(response, "json")[1])
        self.assertEqual(Complaint.objects.count(), before)


class AttributeTests(PostTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.lights = make_category(
            code="pju", name="Lampu jalan", department=self.p.dpuprpkp, extra_questions=QUESTIONS
        )

    def test_it_stores_answers_to_the_services_attributes(self) -> None:
        data = self.valid(service_code="pju")
        data.update(
            {
                "attribute[ukuran]": "besar",
                "attribute[jenis][]": ["led", "sodium"],
                "attribute[nomor_tiang]": "17",
                # FixMyStreet sends attributes of its own: not questions of this service, so ignored.
                "attribute[fixmystreet_id]": "12345",
            }
        )
        response = post_request(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        complaint = Complaint.objects.get(tracking_code=parse(response, "json")[0]["service_request_id"])
        self.assertEqual(complaint.extra, {"ukuran": "besar", "jenis": ["led", "sodium"], "nomor_tiang": 17.0})

    def test_it_refuses_missing_or_invalid_answers(self) -> None:
        self.assert_refused(self.valid(service_code="pju"), status=400, mentions="attribute[ukuran]: ")
        for name, value in (
            ("attribute[ukuran]", "raksasa"),
            ("attribute[jenis][]", "neon"),
            ("attribute[nomor_tiang]", "tujuh belas"),
        ):
            with self.subTest(name=name):
                data = {**self.valid(service_code="pju"), "attribute[ukuran]": "kecil", name: value}
                self.assert_refused(data, status=400, mentions=name.removesuffix("[]") + ": ")


class MethodAndFormatTests(PostTestCase):
    def test_it_answers_other_methods_with_a_plain_405(self) -> None:
        for method in ("put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(f"{BASE}requests.json")
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response.content, b"")
                self.assertEqual(set(response["Allow"].split(", ")), {"GET", "POST"})
        # Only requests takes a POST.
        for path in ("services.json", "requests/SBT-ZZZZZZ.json", "servicerequestupdates.xml", "tokens/abc.json"):
            with self.subTest(path=path):
                response = self.client.post(f"{BASE}{path}", self.valid())
                self.assertEqual((response.status_code, response["Allow"]), (405, "GET"))
        self.assertFalse(Complaint.objects.exists())

    def test_it_leaves_unknown_formats_to_the_sites_404_page(self) -> None:
        for path in ("requests.csv", "requests.html", "servicerequestupdates.csv", "tokens/abc.yaml"):
            with self.subTest(path=path):
                response = self.client.get(f"{BASE}{path}")
                self.assertEqual(response.status_code, 404)
                self.assertTrue(response["Content-Type"].startswith("text/html"), response["Content-Type"])
        response = post_request(self.client, self.valid(), "csv")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Complaint.objects.exists())

    def test_it_still_lists_requests_on_get(self) -> None:
        code = parse(post_request(self.client, self.valid()), "json")[0]["service_request_id"]
        self.assertEqual([row["service_request_id"] for row in get_json(self.client, "requests")], [code])
