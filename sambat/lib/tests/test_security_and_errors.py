import logging
import sys
from unittest import mock

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.utils import OperationalError
from django.template.loader import render_to_string
from django.test import Client, TestCase, override_settings

from sambat.lib.log_filters import ExpectedRefusalsWithoutTraceback
from sambat.lib.security import content_security_policy


class SecurityHeaderTests(TestCase):
    def test_it_allows_only_the_sites_own_scripts_and_assets(self) -> None:
        response = Client().get("/")
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertIn("object-src 'none'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("http", policy)  # no third party by default
        self.assertIn("geolocation=(self)", response["Permissions-Policy"])

    def test_it_admits_the_tile_server_the_city_configured(self) -> None:
        with override_settings(SAMBAT_MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png"):
            policy = Client().get("/lapor/")["Content-Security-Policy"]
        self.assertIn("img-src 'self' data: blob: https://*.tile.example.org;", policy)
        self.assertNotIn("example.org", content_security_policy("javascript:alert(1)"))


class ErrorPageTests(TestCase):
    def test_it_answers_unknown_pages_with_a_helpful_page_in_indonesian(self) -> None:
        with self.assertLogs("django.request", "WARNING"):
            response = Client().get("/tidak-ada/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
        self.assertContains(response, "/lacak/", status_code=404)

    def test_it_has_a_server_error_page_that_needs_no_database(self) -> None:
        html = render_to_string("500.html")
        self.assertIn("Maaf, terjadi gangguan", html)
        self.assertIn("Sorry, something went wrong.", html)


class HealthCheckTests(TestCase):
    def test_it_reports_a_working_database(self) -> None:
        response = Client().get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "up"})

    def test_it_reports_an_unavailable_database_with_503(self) -> None:
        with mock.patch("sambat.lib.health.connection.cursor", side_effect=OperationalError("server closed")):
            with self.assertLogs("sambat.lib.health", "ERROR"):
                response = Client().get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "down")


class StaleFormTests(TestCase):
    def test_a_form_whose_token_went_stale_gets_a_page_that_says_what_to_do(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.get("/lapor/")  # the form page sets the CSRF cookie
        with self.assertLogs("django.security.csrf", "WARNING"):
            response = client.post("/lapor/", {"text": "Jalan berlubang di depan pasar.", "csrfmiddlewaretoken": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Formulir sudah kedaluwarsa", status_code=403)
        self.assertContains(response, '<html lang="id"', status_code=403)
        self.assertNotContains(response, "DEBUG", status_code=403)

    def test_open311_reads_answer_405_to_other_methods_not_a_csrf_page(self) -> None:
        client = Client(enforce_csrf_checks=True)
        for path in ("/open311/v2/services.json", "/open311/v2/discovery.xml", "/open311/v2/requests/SBT-234567.json"):
            with self.subTest(path), self.assertLogs("django.request", "WARNING"):
                response = client.delete(path)
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response["Allow"], "GET")


class RefusalLogTests(TestCase):
    def test_a_refusal_is_logged_in_one_line_without_its_traceback(self) -> None:
        try:
            raise PermissionDenied
        except PermissionDenied:
            refused = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", None, sys.exc_info())
        try:
            raise ValueError("bug")
        except ValueError:
            failed = logging.LogRecord("django.request", logging.ERROR, "", 0, "Server error", None, sys.exc_info())

        keep = ExpectedRefusalsWithoutTraceback()
        self.assertTrue(keep.filter(refused))
        self.assertIsNone(refused.exc_info)
        self.assertTrue(keep.filter(failed))
        self.assertIsNotNone(failed.exc_info)
        logging_config: dict = settings.LOGGING
        self.assertIn("expected_refusals", logging_config["handlers"]["console"]["filters"])
