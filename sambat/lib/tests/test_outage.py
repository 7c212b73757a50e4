"""A database out of reach is a 503 with Retry-After in every caller's shape; other failures stay 500s."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, TestCase

from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import Personas
from sambat.open311.tests.helpers import parse
from sambat.portal.tests.helpers import report_data


@contextmanager
def database_gone() -> Iterator[None]:
    """Every query fails as it does while PostgreSQL restarts."""
    failure = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(CursorWrapper, "execute", side_effect=failure),
        mock.patch.object(CursorWrapper, "executemany", side_effect=failure),
    ):
        yield


class DatabaseOutageTests(TestCase):
    def setUp(self) -> None:
        self.p = Personas()
        self.client = Client(raise_request_exception=False)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        with database_gone(), self.assertLogs("sambat", "ERROR"), self.assertLogs("django.request", "ERROR"):
            return getattr(self.client, method)(path, **kwargs)

    def test_a_report_sent_while_the_database_is_gone_is_told_to_send_again(self) -> None:
        response = self.call("post", "/lapor/", data=report_data(category=self.p.roads.id))

        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "belum tersimpan", status_code=503)
        self.assertEqual(Complaint.objects.count(), 0)

    def test_pages_say_so_in_the_visitors_language(self) -> None:
        self.client.cookies["django_language"] = "en"
        response = self.call("get", "/papan/")
        self.assertContains(response, "has not been saved", status_code=503)
        self.assertContains(response, '<html lang="en">', status_code=503)

    def test_the_api_answers_503_in_its_error_shape(self) -> None:
        for path in ("/api/v1/board", "/api/v1/complaints/SBT-234567"):
            with self.subTest(path):
                response = self.call("get", path)
                self.assertEqual(response.status_code, 503)
                self.assertEqual(response["Retry-After"], "30")
                self.assertEqual(response.json()["error"]["code"], "unavailable")
                self.assertEqual(response.json()["error"]["details"], {"retry_after": 30})

    def test_open311_answers_503_in_georeport_error_documents(self) -> None:
        for fmt in ("json", "xml"):
            with self.subTest(fmt):
                response = self.call("get", f"/open311/v2/requests.{fmt}")
                self.assertEqual(response.status_code, 503)
                body = parse(response, fmt)
                code = body[0]["code"] if fmt == "json" else body.findtext("error/code")
                self.assertEqual(str(code), "503")


class ServerErrorTests(TestCase):
    """A bug is still a 500: only an unreachable database asks the caller to retry."""

    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)

    def test_a_bug_in_a_page_is_a_500(self) -> None:
        with (
            mock.patch("sambat.portal.views.render", side_effect=ValueError("bug")),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Maaf, terjadi gangguan", status_code=500)
        self.assertFalse(response.has_header("Retry-After"))

    def test_a_bug_before_the_api_is_reached_is_a_500_in_its_error_shape(self) -> None:
        with (
            mock.patch("sambat.lib.throttle.ThrottledMiddleware.__call__", side_effect=ValueError("bug")),
            self.assertLogs("django.request", "ERROR"),
        ):
            response = self.client.get("/api/v1/board")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json()["error"]["code"], "server_error")
