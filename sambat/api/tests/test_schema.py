"""Property-based test of the whole API against its own OpenAPI document, with Schemathesis.

For every operation, Schemathesis generates requests from the document (valid ones, then invalid ones) and
checks that none makes the server fail (5xx) and that every answer matches the document (status declared,
body in the declared schema, the error shape included). The examples are few and derandomised, so the run
is short and the same on every machine; `schemathesis run` against a server explores further (docs/api.md).
"""

import shutil
import tempfile
from collections.abc import Iterable
from typing import Any

import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints.choices import Status
from sambat.complaints.models import Attachment
from sambat.complaints.tests.factories import clean_photos, make_complaint_in

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


class InTransactionWSGI:
    """Django's WSGI handler run as the test client runs it: the test's database connection (and its
    transaction) must survive each request instead of being closed at its end."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            content = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [content]


@override_settings(SAMBAT_API_ANONYMOUS_PER_MINUTE=100_000, SAMBAT_TRACKING_MISSES=100_000)
class SchemaConformanceTests(ApiTestCase):
    _hypothesis_home: str

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Hypothesis caches what it learns in a folder; keep it out of the source tree.
        cls._hypothesis_home = tempfile.mkdtemp(prefix="sambat-hypothesis-")
        set_hypothesis_home_dir(cls._hypothesis_home)

    @classmethod
    def tearDownClass(cls) -> None:
        set_hypothesis_home_dir(None)
        shutil.rmtree(cls._hypothesis_home, ignore_errors=True)
        super().tearDownClass()

    def test_every_operation_answers_as_documented(self) -> None:
        complaint = make_complaint_in(
            Status.IN_PROGRESS, department=self.p.dpuprpkp, reporter=self.p.alice, photos=clean_photos(1)
        )
        attachment = Attachment.objects.get(complaint=complaint)
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", InTransactionWSGI())

        operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
        self.assertGreaterEqual(len(operations), 25)
        for operation in operations:
            fixed: dict[str, Any] = {}
            if "{code}" in operation.path:
                fixed["code"] = complaint.tracking_code
            if "{attachment_id}" in operation.path:
                fixed["attachment_id"] = attachment.pk
            user = self.p.oscar if operation.path.startswith("/api/v1/staff/") else self.p.alice
            for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
                with self.subTest(operation=operation.label, mode=mode.value):
                    cache.clear()
                    # A token of its own: DELETE /auth/token revokes the one it is sent with.
                    headers = {"Authorization": f"Bearer {self.token(user)}"}
                    self._explore(operation.as_strategy(mode, path_parameters=fixed, headers=headers))

    def _explore(self, strategy: Any) -> None:
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            pass  # nothing left to vary (no parameters, or all of them fixed): no invalid request can be made
