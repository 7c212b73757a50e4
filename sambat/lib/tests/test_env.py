import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from sambat.lib.env import cache_from_url, env_bool, env_int, env_list, env_str
from sambat.lib.throttle import is_blocked


class EnvHelperTests(SimpleTestCase):
    def test_it_reads_booleans(self) -> None:
        for raw, value in {
            "1": True,
            "true": True,
            " YES ": True,
            "on": True,
            "0": False,
            "False": False,
            "no": False,
            "off": False,
            "": False,
        }.items():
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"SAMBAT_X": raw}):
                self.assertIs(env_bool("SAMBAT_X", default=not value), value)
        with mock.patch.dict(os.environ, clear=True):
            self.assertIs(env_bool("SAMBAT_X", default=True), True)

    def test_it_refuses_a_bad_boolean(self) -> None:
        for raw in ("maybe", "2", "yes please"):
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"SAMBAT_X": raw}):
                with self.assertRaisesMessage(ImproperlyConfigured, "SAMBAT_X"):
                    env_bool("SAMBAT_X")

    def test_it_reads_integers_with_a_minimum(self) -> None:
        with mock.patch.dict(os.environ, {"SAMBAT_N": " 42 "}):
            self.assertEqual(env_int("SAMBAT_N", 1, minimum=1), 42)
        with mock.patch.dict(os.environ, {"SAMBAT_N": ""}):
            self.assertEqual(env_int("SAMBAT_N", 7), 7)
        with mock.patch.dict(os.environ, clear=True):
            self.assertEqual(env_int("SAMBAT_N", 7), 7)

    def test_it_refuses_bad_integers(self) -> None:
        for raw in ("ten", "1.5", "0x10"):
            with self.subTest(raw=raw), mock.patch.dict(os.environ, {"SAMBAT_N": raw}):
                with self.assertRaisesMessage(ImproperlyConfigured, "SAMBAT_N"):
                    env_int("SAMBAT_N", 1)
        with mock.patch.dict(os.environ, {"SAMBAT_N": "0"}), self.assertRaisesMessage(ImproperlyConfigured, "least 1"):
            env_int("SAMBAT_N", 5, minimum=1)

    def test_it_reads_lists_and_strings(self) -> None:
        with mock.patch.dict(os.environ, {"SAMBAT_L": " a.example, ,b.example ,", "SAMBAT_S": "x"}):
            self.assertEqual(env_list("SAMBAT_L", ["default"]), ["a.example", "b.example"])
            self.assertEqual(env_str("SAMBAT_S", "y"), "x")
        with mock.patch.dict(os.environ, clear=True):
            self.assertEqual(env_list("SAMBAT_L", ["default"]), ["default"])
            self.assertEqual(env_str("SAMBAT_S", "y"), "y")


class SettingsFromEnvironmentTests(SimpleTestCase):
    """The settings module refuses bad values at start-up."""

    def start(self, **environ: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAMBAT_") and k != "DATABASE_URL"}
        env.update(environ, DJANGO_SETTINGS_MODULE="sambat.settings")
        return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def test_it_refuses_bad_values_at_start_up(self) -> None:
        for environ in (
            {"SAMBAT_DEBUG": "maybe"},
            {"SAMBAT_MAX_IMAGES": "0"},
            {"DATABASE_URL": "mysql://root@localhost/sambat"},
            {"SAMBAT_PRODUCTION": "1"},  # without SAMBAT_SECRET_KEY
        ):
            with self.subTest(environ=environ):
                result = self.start(**environ)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ImproperlyConfigured", result.stderr)

    def test_it_starts_with_no_configuration(self) -> None:
        result = self.start()
        self.assertEqual(result.returncode, 0, result.stderr)


class CacheSettingTests(SimpleTestCase):
    def test_it_reads_the_cache_url(self) -> None:
        self.assertEqual(cache_from_url("")["BACKEND"], "django.core.cache.backends.locmem.LocMemCache")
        redis = cache_from_url("redis://127.0.0.1:6379/2")
        self.assertEqual(
            (redis["BACKEND"], redis["LOCATION"]),
            ("django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/2"),
        )
        files = cache_from_url("file:///srv/sambat/cache")
        self.assertEqual(
            (files["BACKEND"], files["LOCATION"]),
            ("django.core.cache.backends.filebased.FileBasedCache", "/srv/sambat/cache"),
        )
        for bad in ("memcached://127.0.0.1", "file://relative/path", "/srv/cache"):
            with self.subTest(bad=bad), self.assertRaisesMessage(ImproperlyConfigured, "SAMBAT_CACHE_URL"):
                cache_from_url(bad)

    def test_a_shared_cache_directory_makes_one_limit_for_every_process(self) -> None:
        # Another process (a second gunicorn worker) records three wrong sign-ins from one address ...
        script = (
            "import django; django.setup()\n"
            "from sambat.lib.throttle import record_failure\n"
            "for _ in range(3): record_failure('sign-in', '192.0.2.7', window_seconds=600)\n"
        )
        with tempfile.TemporaryDirectory() as directory:
            url = f"file://{directory}"
            environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "sambat.settings", "SAMBAT_CACHE_URL": url}
            result = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", script],
                cwd=settings.BASE_DIR,
                env=environ,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            # ... and this one sees them.
            with override_settings(CACHES={"default": cache_from_url(url)}):
                self.assertTrue(is_blocked("sign-in", "192.0.2.7", limit=3))
                self.assertFalse(is_blocked("sign-in", "192.0.2.7", limit=4))
                self.assertFalse(is_blocked("sign-in", "192.0.2.8", limit=1))

    def test_redis_url_serves_the_cache_unless_a_cache_url_is_given(self) -> None:
        for environ, backend in (
            ({"REDIS_URL": "redis://10.0.0.5:6379/1"}, "django.core.cache.backends.redis.RedisCache"),
            (
                {"REDIS_URL": "redis://10.0.0.5:6379/1", "SAMBAT_CACHE_URL": "file:///srv/cache"},
                "django.core.cache.backends.filebased.FileBasedCache",
            ),
        ):
            with self.subTest(environ=environ):
                script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
                result = subprocess.run(  # noqa: S603 - our own interpreter and script
                    [sys.executable, "-c", f"import django; django.setup(); {script}"],
                    cwd=settings.BASE_DIR,
                    env={**_without_cache_settings(os.environ), "DJANGO_SETTINGS_MODULE": "sambat.settings", **environ},
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
                self.assertEqual(result.stdout.strip(), backend, result.stderr)


def _without_cache_settings(environ: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items() if name not in ("SAMBAT_CACHE_URL", "REDIS_URL")}
