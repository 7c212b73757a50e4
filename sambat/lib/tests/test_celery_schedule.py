"""The Celery beat schedule names tasks that exist, each in the app whose command it runs."""

import importlib

from django.conf import settings
from django.core import mail
from django.test import TestCase, override_settings

from sambat.notifications.actions import queue_message
from sambat.notifications.choices import OutboxChannel, OutboxStatus
from sambat.notifications.models import OutboxMessage


class BeatScheduleTests(TestCase):
    def test_every_scheduled_task_is_a_registered_task_of_that_name(self) -> None:
        names = {key: str(entry["task"]) for key, entry in settings.CELERY_BEAT_SCHEDULE.items()}
        apps = {name.split(".")[1] for name in names.values()}
        self.assertEqual(apps, {"accountability", "notifications", "lapor", "api", "routing"})
        for key, name in names.items():
            module_path, function = name.rsplit(".", 1)
            with self.subTest(key):
                task = getattr(importlib.import_module(module_path), function)
                self.assertEqual(task.name, name)

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_the_outbox_task_sends_what_is_due(self) -> None:
        from sambat.notifications.tasks import deliver_outbox

        queue_message(channel=OutboxChannel.EMAIL, recipient="warga@example.org", body="Halo", dedupe_key="t1")

        self.assertEqual(deliver_outbox(), 1)
        self.assertEqual(OutboxMessage.objects.get().status, OutboxStatus.SENT)
        self.assertEqual(len(mail.outbox), 1)
