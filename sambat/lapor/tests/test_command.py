"""`manage.py lapor_sync`: once, push only, pull only, and switched off."""

import io

from django.core.management import CommandError, call_command
from django.test import override_settings

from sambat.lapor.models import LaporInbound
from sambat.lapor.tests.helpers import LaporTestCase


class CommandTests(LaporTestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("lapor_sync", *args, stdout=out)
        self.fake.wait_idle()
        return out.getvalue()

    def test_one_run_pushes_and_pulls(self) -> None:
        self.forward(self.roads_complaint())
        self.fake.dispose_new_report(isi="Trotoar rusak di depan pasar.")
        output = self.run_command()
        self.assertIn("pushed 1", output)
        self.assertIn("applied 1", output)

    def test_push_only_and_pull_only(self) -> None:
        self.forward(self.roads_complaint())
        self.fake.dispose_new_report(isi="Trotoar rusak di depan pasar.")
        self.run_command("--push-only")
        self.assertEqual({method for method, _path, _key in self.fake.requests}, {"POST"})
        self.assertFalse(LaporInbound.objects.exists())
        self.fake.requests.clear()
        self.run_command("--pull-only")
        self.assertEqual({method for method, _path, _key in self.fake.requests}, {"GET"})
        self.assertTrue(LaporInbound.objects.exists())

    def test_push_only_and_pull_only_exclude_each_other(self) -> None:
        with self.assertRaises(CommandError):
            call_command("lapor_sync", "--push-only", "--pull-only")

    def test_the_celery_beat_task_runs_the_same_sync(self) -> None:
        from django.conf import settings

        from sambat.lapor.tasks import lapor_sync

        self.assertEqual(settings.CELERY_BEAT_SCHEDULE["lapor-sync"]["task"], lapor_sync.name)
        self.forward(self.roads_complaint())
        self.assertIn("pushed 1", lapor_sync())
        self.fake.wait_idle()
        self.assertEqual(len(self.fake.reports), 1)
        with override_settings(SAMBAT_LAPOR_TOKEN=""):
            self.assertEqual(lapor_sync(), "SP4N-LAPOR! connector is off")

    @override_settings(SAMBAT_LAPOR_BASE_URL="")
    def test_switched_off_it_says_so_and_calls_nobody(self) -> None:
        self.assertIn("connector is off", self.run_command("--loop"))
        self.assertEqual(self.fake.requests, [])
