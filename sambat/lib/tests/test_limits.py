from django.test import Client, TestCase, override_settings

from sambat.complaints.models import Complaint
from sambat.lib.limits import max_request_bytes
from sambat.open311.tests.helpers import parse


@override_settings(SAMBAT_MAX_IMAGES=2, SAMBAT_MAX_IMAGE_BYTES=1024 * 1024)
class RequestSizeLimitTests(TestCase):
    def test_it_refuses_a_body_larger_than_any_report_before_reading_it(self) -> None:
        self.assertEqual(max_request_bytes(), 4 * 1024 * 1024)
        # The declared length alone decides: the body is never read.
        response = Client().post(
            "/lapor/", data=b"x" * 10, content_type="application/octet-stream", CONTENT_LENGTH=str(5 * 1024 * 1024)
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response["Connection"], "close")
        self.assertContains(response, "4 MB", status_code=413)
        self.assertContains(response, "paling banyak 2, masing-masing 1 MB", status_code=413)
        self.assertEqual(Complaint.objects.count(), 0)

    def test_the_api_is_refused_in_its_own_json_error_shape(self) -> None:
        response = Client().post(
            "/api/v1/complaints",
            data=b"{}",
            content_type="application/json",
            CONTENT_LENGTH=str(5 * 1024 * 1024),
        )
        self.assertEqual(response.status_code, 413)
        error = response.json()["error"]
        self.assertEqual(error["code"], "too_large")
        self.assertEqual(error["details"], {"limit_bytes": 4 * 1024 * 1024})
        self.assertEqual(Complaint.objects.count(), 0)

    def test_open311_is_refused_in_georeport_error_documents(self) -> None:
        for suffix in ("json", "xml"):
            with self.subTest(suffix):
                response = Client().post(
                    f"/open311/v2/requests.{suffix}",
                    data=b"service_code=jalan-rusak",
                    content_type="application/x-www-form-urlencoded",
                    CONTENT_LENGTH=str(5 * 1024 * 1024),
                )
                self.assertEqual(response.status_code, 413)
                body = parse(response, suffix)
                code = body[0]["code"] if suffix == "json" else body.findtext("error/code")
                self.assertEqual(str(code), "413")
        self.assertEqual(Complaint.objects.count(), 0)

    def test_it_lets_a_report_sized_body_through(self) -> None:
        body = {"text": "Jalan berlubang " * 1000, "kind": "pengaduan", "privacy": "public"}
        response = Client().post("/lapor/", body)
        self.assertIn(response.status_code, (200, 302))
