"""Housekeeping: purging expired records, and revoking tokens from the admin."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from sambat.api.models import ApiToken, IdempotencyRecord, OneTimeCode
from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints.tests.factories import PASSWORD


class PurgeTests(ApiTestCase):
    def test_it_deletes_only_what_is_past_its_use(self) -> None:
        old, recent = timezone.now() - dt.timedelta(days=2), timezone.now()
        for created_at in (old, recent):
            record = IdempotencyRecord.objects.create(
                scope="ip:1", key=str(created_at), method="POST", path="/x", request_hash="h", status=201
            )
            IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=created_at)
            code = OneTimeCode.objects.create(channel="email", address="a@example.org", code_hash="h", expires_at=old)
            OneTimeCode.objects.filter(pk=code.pk).update(created_at=created_at)

        out = StringIO()
        call_command("api_purge", stdout=out)

        self.assertIn("deleted 1 idempotency records and 1 one-time codes", out.getvalue())
        self.assertEqual(IdempotencyRecord.objects.get().created_at, recent)
        self.assertEqual(OneTimeCode.objects.get().created_at, recent)

    def test_the_daily_celery_task_runs_the_same_purge(self) -> None:
        from django.conf import settings

        from sambat.api.tasks import api_purge

        self.assertEqual(settings.CELERY_BEAT_SCHEDULE["api-purge"]["task"], api_purge.name)
        record = IdempotencyRecord.objects.create(
            scope="ip:1", key="k", method="POST", path="/x", request_hash="h", status=201
        )
        IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - dt.timedelta(days=2))

        api_purge()

        self.assertFalse(IdempotencyRecord.objects.exists())


class TokenAdminTests(ApiTestCase):
    def test_an_administrator_revokes_a_device(self) -> None:
        secret = self.token(self.p.charlie)
        token = ApiToken.objects.get()
        self.client.login(username="vera", password=PASSWORD)

        page = self.client.get("/admin/api/apitoken/")
        self.assertContains(page, token.prefix)
        self.assertNotContains(page, secret)
        self.client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertError(self.client.call("GET", "/me", token=secret), 401, "not_authenticated")
