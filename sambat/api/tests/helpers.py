"""Shared set-up of the API tests: the usual personas, real tokens, and a client that speaks JSON."""

import json
import logging
import re
from typing import Any

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.test.client import Client

from sambat.accounts.models import User
from sambat.api.actions import issue_token
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import Personas, TemporaryMediaMixin
from sambat.notifications.models import OutboxMessage

API = "/api/v1"
_CODE = re.compile(r"\b(\d{6})\b")


class ApiClient(Client):
    """JSON in and out, with an optional bearer token, citizen key and Idempotency-Key."""

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str = "",
        key: str = "",
        idempotency_key: str = "",
        address: str = "127.0.0.1",
        **extra: Any,
    ) -> Any:
        headers: dict[str, str] = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if key:
            headers["X-Citizen-Key"] = key
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        kwargs: dict[str, Any] = {"headers": headers, "REMOTE_ADDR": address, **extra}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self, method.lower())(API + path, **kwargs)

    def upload(self, path: str, data: dict[str, Any], *, token: str = "", key: str = "", **extra: Any) -> Any:
        """A multipart/form-data POST (photos as file objects)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if key:
            headers["X-Citizen-Key"] = key
        return self.post(API + path, data, headers=headers, **extra)


# English texts, so assertions on messages keep their meaning when the Indonesian translations arrive.
@override_settings(LANGUAGE_CODE="en", SAMBAT_PUBLIC_BASE_URL="https://sambat.example")
class ApiTestCase(TemporaryMediaMixin, TestCase):
    client_class = ApiClient
    client: ApiClient
    p: Personas
    _request_log_level: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.p = Personas()

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # 4xx answers are expected in these tests; keep their warnings out of the output.
        logger = logging.getLogger("django.request")
        cls._request_log_level = logger.level
        logger.setLevel(logging.ERROR)

    @classmethod
    def tearDownClass(cls) -> None:
        logging.getLogger("django.request").setLevel(cls._request_log_level)
        super().tearDownClass()

    def setUp(self) -> None:
        cache.clear()  # rate-limit counters and cached statistics start empty

    def token(self, user: User) -> str:
        return issue_token(user=user, name="test device").secret

    def assertError(self, response: Any, status: int, code: str) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "details"})
        self.assertEqual(body["error"]["code"], code)
        self.assertTrue(body["error"]["message"])
        return body["error"]

    def reload(self, complaint: Complaint) -> Complaint:
        return Complaint.objects.get(pk=complaint.pk)


def sent_code(recipient: str) -> str:
    """The one-time code in the newest outbox message to `recipient`."""
    message = OutboxMessage.objects.filter(recipient=recipient).order_by("-id").first()
    assert message is not None, f"no message to {recipient}"
    found = _CODE.search(message.body)
    assert found is not None, message.body
    return found.group(1)
