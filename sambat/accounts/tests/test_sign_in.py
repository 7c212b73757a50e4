from django.core.cache import cache
from django.test import Client, TestCase, override_settings

from sambat.accounts.choices import Role
from sambat.complaints.tests.factories import PASSWORD, make_user

URL = "/akun/masuk/"


@override_settings(SAMBAT_SIGN_IN_ATTEMPTS=3, SAMBAT_SIGN_IN_WINDOW_SECONDS=600)
class SignInTests(TestCase):
    def setUp(self) -> None:
        cache.clear()
        self.oscar = make_user(Role.OFFICER, username="oscar")

    def test_it_signs_staff_in(self) -> None:
        response = Client().post(URL, {"username": "oscar", "password": PASSWORD})
        self.assertRedirects(response, "/staf/", fetch_redirect_response=False)

    def test_it_stops_password_guessing_from_one_address(self) -> None:
        guesser = Client(REMOTE_ADDR="203.0.113.9")
        for _ in range(3):
            self.assertEqual(guesser.post(URL, {"username": "oscar", "password": "wrong"}).status_code, 200)
        # Even the right password is refused now: the address waits out the window.
        blocked = guesser.post(URL, {"username": "oscar", "password": PASSWORD})
        self.assertEqual(blocked.status_code, 429)
        self.assertNotIn("_auth_user_id", guesser.session)
        # Another address is not affected.
        other = Client(REMOTE_ADDR="198.51.100.7").post(URL, {"username": "oscar", "password": PASSWORD})
        self.assertEqual(other.status_code, 302)

    @override_settings(SAMBAT_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
    def test_it_tells_clients_apart_behind_a_proxy(self) -> None:
        def behind_proxy(address: str) -> Client:
            return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=address)

        for _ in range(3):
            behind_proxy("203.0.113.9").post(URL, {"username": "oscar", "password": "wrong"})
        self.assertEqual(behind_proxy("203.0.113.9").post(URL, {"username": "x", "password": "y"}).status_code, 429)
        response = behind_proxy("198.51.100.7").post(URL, {"username": "oscar", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
