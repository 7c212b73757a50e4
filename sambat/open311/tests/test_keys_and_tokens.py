import io
import re

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import Personas
from sambat.open311.actions import create_client
from sambat.open311.models import Open311Client
from sambat.open311.tests.helpers import BASE, error_of, parse, post_request
from sambat.portal.tests.helpers import EnglishClient

KEY = re.compile(r"sbt311_[A-Za-z0-9_-]{43}")
ADMIN = "/admin/open311/open311client/"


class KeyTestCase(TestCase):
    client_class = EnglishClient

    def setUp(self) -> None:
        self.p = Personas()

    def submit(self, key: str) -> tuple[int, str]:
        """Status of a POST requests with this key, and the tracking code when it was accepted."""
        data = {
            "api_key": key,
            "service_code": "parkir",
            "address_string": "Jl. Kawi 20",
            "description": "Parkir liar memakan separuh badan jalan setiap sore.",
        }
        response = post_request(self.client, data)
        return response.status_code, parse(response, "json")[0].get("service_request_id", "")


class KeyCommandTests(KeyTestCase):
    def test_it_prints_only_a_key_that_then_works(self) -> None:
        out = io.StringIO()
        call_command("open311_key", "--name", "Aplikasi Warga", "--channel-name", "Aplikasi Warga v2", stdout=out)
        printed = out.getvalue()
        self.assertEqual(printed.count("\n"), 1)
        key = printed.strip()
        self.assertRegex(key, f"^{KEY.pattern}$")
        client = Open311Client.objects.get(name="Aplikasi Warga")
        # Stored only as a hash and a short prefix.
        self.assertEqual(client.key_prefix, key[:13])
        self.assertNotIn(key, (client.key_hash, client.key_prefix, client.name, client.channel_name))
        status, code = self.submit(key)
        self.assertEqual(status, 201)
        self.assertEqual(Complaint.objects.get(tracking_code=code).channel_name, "Aplikasi Warga v2")

    def test_it_refuses_a_name_already_taken_and_prints_nothing(self) -> None:
        create_client(name="FixMyStreet")
        out = io.StringIO()
        with self.assertRaisesMessage(CommandError, "FixMyStreet"):
            call_command("open311_key", "--name", "FixMyStreet", stdout=out)
        self.assertEqual(out.getvalue(), "")
        self.assertEqual(Open311Client.objects.count(), 1)

    def test_it_needs_a_name(self) -> None:
        for arguments in ([], ["--name", "   "]):
            with self.subTest(arguments=arguments), self.assertRaises(CommandError):
                call_command("open311_key", *arguments, stdout=io.StringIO())
        self.assertFalse(Open311Client.objects.exists())

    def test_each_key_is_different(self) -> None:
        _first, one = create_client(name="Satu")
        _second, two = create_client(name="Dua")
        self.assertNotEqual(one, two)
        self.assertEqual(self.submit(one)[0], 201)
        self.assertEqual(self.submit(two)[0], 201)


class KeyAdminTests(KeyTestCase):
    def test_an_admin_creates_a_client_and_sees_its_key_once(self) -> None:
        self.client.force_login(self.p.vera)
        page = self.client.post(
            f"{ADMIN}add/", {"name": "SP4N Mobile", "channel_name": "Aplikasi SP4N", "is_active": "on"}, follow=True
        )
        self.assertEqual(page.status_code, 200)
        shown = [str(message) for message in page.context["messages"]]
        keys = [match.group(0) for message in shown for match in [KEY.search(message)] if match]
        self.assertEqual(len(keys), 1, shown)
        key = keys[0]
        client = Open311Client.objects.get(name="SP4N Mobile")
        # The list and the client's page show the prefix, never the key.
        for url in (ADMIN, f"{ADMIN}{client.pk}/change/"):
            body = self.client.get(url).content.decode()
            self.assertIn(client.key_prefix, body)
            self.assertNotIn(key, body)
        self.assertNotIn(key, client.key_hash)
        status, code = self.submit(key)
        self.assertEqual(status, 201)
        self.assertEqual(Complaint.objects.get(tracking_code=code).channel_name, "Aplikasi SP4N")

    def test_editing_a_client_keeps_its_key(self) -> None:
        client, key = create_client(name="Lama")
        self.client.force_login(self.p.vera)
        page = self.client.post(
            f"{ADMIN}{client.pk}/change/", {"name": "Lama", "channel_name": "Nama baru", "is_active": "on"}, follow=True
        )
        self.assertFalse(any(KEY.search(str(message)) for message in page.context["messages"]))
        self.assertEqual(self.submit(key)[0], 201)

    def test_switching_a_client_off_stops_its_key(self) -> None:
        client, key = create_client(name="Nonaktif")
        self.client.force_login(self.p.vera)
        self.client.post(f"{ADMIN}{client.pk}/change/", {"name": "Nonaktif", "channel_name": ""})
        self.assertEqual(self.submit(key)[0], 403)

    def test_replacing_a_key_stops_the_old_one(self) -> None:
        client, old_key = create_client(name="Ganti Kunci")
        self.client.force_login(self.p.vera)
        page = self.client.post(
            ADMIN, {"action": "replace_keys", "_selected_action": [client.pk], "index": 0}, follow=True
        )
        (new_key,) = [match.group(0) for m in page.context["messages"] for match in [KEY.search(str(m))] if match]
        self.assertNotEqual(new_key, old_key)
        self.assertEqual(self.submit(old_key)[0], 403)
        self.assertEqual(self.submit(new_key)[0], 201)

    def test_staff_other_than_admins_cannot_open_it(self) -> None:
        self.client.force_login(self.p.oscar)
        self.assertNotEqual(self.client.get(f"{ADMIN}add/").status_code, 200)


class TokenTests(KeyTestCase):
    def test_it_exchanges_a_token_for_the_service_request_id(self) -> None:
        _client, key = create_client(name="FixMyStreet")
        response = post_request(self.client, {**self._data(key)})
        answer = parse(response, "json")[0]
        token, code = answer["token"], answer["service_request_id"]
        self.assertEqual(
            parse(self.client.get(f"{BASE}tokens/{token}.json"), "json"),
            [{"service_request_id": code, "token": token}],
        )
        root = parse(self.client.get(f"{BASE}tokens/{token}.xml"), "xml")
        self.assertEqual(root.tag, "service_requests")
        self.assertEqual(root.findtext("request/service_request_id"), code)
        self.assertEqual(root.findtext("request/token"), token)

    def test_it_answers_404_for_an_unknown_token(self) -> None:
        for fmt in ("json", "xml"):
            with self.subTest(fmt=fmt):
                response = self.client.get(f"{BASE}tokens/tidak-ada.{fmt}")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(error_of(response, fmt)[0], 404)

    def _data(self, key: str) -> dict:
        return {
            "api_key": key,
            "service_code": "jalan-rusak",
            "lat": "-7.9797",
            "long": "112.6304",
            "description": "Aspal mengelupas di tikungan dekat jembatan.",
        }
