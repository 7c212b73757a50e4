"""The OpenAPI document, the docs page, and the one error shape for every kind of failure."""

import json
import re
from html.parser import HTMLParser
from typing import Any, get_args

from django.contrib.staticfiles import finders

from sambat.api.models import IdempotencyRecord
from sambat.api.schemas import KindValue, PrivacyValue
from sambat.api.tests.helpers import ApiTestCase, sent_code
from sambat.complaints.choices import Kind, Privacy


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False
        self._script_type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if tag == "script" and not values.get("src"):
            self._in_script, self._script_type = True, str(values.get("type") or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip() and self._script_type != "application/json":
            self.inline_scripts.append(data)


class OpenApiTests(ApiTestCase):
    def document(self) -> dict[str, Any]:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def test_it_describes_every_endpoint(self) -> None:
        document = self.document()

        self.assertEqual(document["info"]["title"], "Sambat API")
        self.assertEqual(document["info"]["version"], "1")
        expected = {
            "/api/v1/auth/otp": {"post"},
            "/api/v1/auth/token": {"post", "delete"},
            "/api/v1/auth/token/staff": {"post"},
            "/api/v1/complaints": {"post"},
            "/api/v1/complaints/{code}": {"get"},
            "/api/v1/complaints/{code}/photos": {"post"},
            "/api/v1/complaints/{code}/reply": {"post"},
            "/api/v1/complaints/{code}/rate": {"post"},
            "/api/v1/complaints/{code}/reopen": {"post"},
            "/api/v1/complaints/{code}/support": {"post", "delete"},
            "/api/v1/me/complaints": {"get"},
            "/api/v1/board": {"get"},
            "/api/v1/statistics": {"get"},
            "/api/v1/categories": {"get"},
            "/api/v1/areas": {"get"},
            "/api/v1/staff/inbox": {"get"},
            "/api/v1/staff/complaints/{code}": {"get"},
            **{
                f"/api/v1/staff/complaints/{{code}}/{action}": {"post"}
                for action in ("respond", "request-info", "resolve", "return", "note", "start")
            },
        }
        for path, methods in expected.items():
            with self.subTest(path=path):
                self.assertLessEqual(methods, set(document["paths"][path]))
        self.assertEqual(document["components"]["securitySchemes"]["TokenAuth"]["scheme"], "bearer")

    def test_every_post_takes_an_idempotency_key_and_errors_have_the_error_shape(self) -> None:
        document = self.document()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                with self.subTest(path=path, method=method):
                    names = [parameter["name"] for parameter in operation.get("parameters", [])]
                    self.assertEqual("Idempotency-Key" in names, method == "post")
                    for status, answer in operation["responses"].items():
                        if int(status) >= 400:
                            schema = answer["content"]["application/json"]["schema"]
                            self.assertEqual(schema, {"$ref": "#/components/schemas/ErrorOut"})

    def test_report_bodies_are_json_or_multipart_with_photos(self) -> None:
        body = self.document()["paths"]["/api/v1/complaints"]["post"]["requestBody"]["content"]
        self.assertEqual(set(body), {"application/json", "multipart/form-data"})
        self.assertEqual(body["multipart/form-data"]["schema"]["properties"]["photos"]["items"]["format"], "binary")
        self.assertEqual(body["multipart/form-data"]["encoding"]["extra"]["contentType"], "application/json")

    def test_the_schema_choices_follow_the_models(self) -> None:
        self.assertEqual(set(get_args(KindValue)), set(Kind.values))
        self.assertEqual(set(get_args(PrivacyValue)), set(Privacy.values))


class DocsPageTests(ApiTestCase):
    def test_it_loads_only_local_files_and_runs_no_inline_script(self) -> None:
        response = self.client.get("/api/v1/docs")

        self.assertEqual(response.status_code, 200)
        assets = _Assets()
        assets.feed(response.content.decode())
        self.assertTrue(assets.urls)
        for url in assets.urls:
            self.assertRegex(url, r"^/static/")
        self.assertEqual(assets.inline_scripts, [])
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", re.search(r"script-src[^;]*", policy).group(0))  # type: ignore[union-attr]
        for url in assets.urls:  # shipped with the code, found by collectstatic
            self.assertIsNotNone(finders.find(url.removeprefix("/static/")), url)


class ErrorShapeTests(ApiTestCase):
    def test_malformed_json_wrong_types_and_unknown_fields_types_answer_in_the_shape(self) -> None:
        self.assertError(self.client.call("POST", "/auth/otp", "{email:"), 400, "bad_request")
        wrong_type = self.assertError(
            self.client.call("POST", "/auth/token", {"email": "a@example.org", "code": 123456}), 422, "validation_error"
        )
        self.assertEqual(wrong_type["details"]["fields"][0]["field"], "code")
        self.assertError(self.client.get("/api/v1/board", {"limit": "many"}), 422, "validation_error")

    def test_the_validators_messages_are_in_the_requests_language(self) -> None:
        cases = {
            "code": ({"email": "a@example.org", "code": 123456}, "Harus berupa teks."),
            "email": ({"code": "123456"}, None),
        }
        for field, (body, expected) in cases.items():
            with self.subTest(field):
                response = self.client.call("POST", "/auth/token", body, HTTP_ACCEPT_LANGUAGE="id")
                error = self.assertError(response, 422, "validation_error")
                messages = [item["messages"] for item in error["details"]["fields"]]
                flat = " ".join(message for group in messages for message in group)
                self.assertNotIn("Input should", flat)
                if expected:
                    self.assertIn(expected, flat)
        too_long = self.client.call("POST", "/complaints", {"text": "x" * 6000}, HTTP_ACCEPT_LANGUAGE="en")
        messages = self.assertError(too_long, 422, "validation_error")["details"]["fields"][0]["messages"]
        self.assertRegex(messages[0], r"^At most \d+ characters or items\.$")

    def test_a_broken_multipart_body_is_a_client_error(self) -> None:
        broken = b"--xyz\r\nContent-Disposition: form-data; name=text\r\n\r\nsomething without an end"
        for headers in ({}, {"Idempotency-Key": "broken-1"}):
            with self.subTest(headers=headers):
                response = self.client.post(
                    "/api/v1/complaints", broken, content_type="multipart/form-data; boundary=", headers=headers
                )
                self.assertError(response, 400, "bad_request")

    def test_unknown_addresses_and_methods_answer_in_the_shape(self) -> None:
        self.assertError(self.client.get("/api/v1/no/such/thing"), 404, "not_found")
        wrong_method = self.client.put("/api/v1/board")
        self.assertError(wrong_method, 405, "method_not_allowed")
        self.assertEqual(wrong_method["Allow"], "GET")


class TokenResponsesAreNotStoredTests(ApiTestCase):
    def test_a_token_is_never_kept_in_the_idempotency_store(self) -> None:
        self.client.call("POST", "/auth/otp", {"email": "warga@example.org"}, idempotency_key="otp-1")
        replay = self.client.call("POST", "/auth/otp", {"email": "warga@example.org"}, idempotency_key="otp-1")
        self.assertEqual(replay["Idempotent-Replayed"], "true")
        code = sent_code("warga@example.org")

        body = {"email": "warga@example.org", "code": code}
        first = self.client.call("POST", "/auth/token", body, idempotency_key="token-1")

        self.assertEqual(first.status_code, 201)
        self.assertFalse(IdempotencyRecord.objects.filter(key="token-1").exists())
        self.assertFalse(IdempotencyRecord.objects.filter(body__contains=first.json()["token"]).exists())
        again = self.client.call("POST", "/auth/token", body, idempotency_key="token-1")
        self.assertError(again, 400, "invalid_code")  # the code was used: a new sign-in needs a new code
