"""Signing in: one-time codes through the outbox, tokens, revoking, and the staff password sign-in."""

import datetime as dt
from typing import Any
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.api.models import ApiToken, OneTimeCode
from sambat.api.tests.helpers import ApiTestCase, sent_code
from sambat.complaints.tests.factories import PASSWORD
from sambat.notifications.choices import OutboxChannel
from sambat.notifications.models import OutboxMessage


class OneTimeCodeTests(ApiTestCase):
    def ask(self, **contact: str) -> None:
        response = self.client.call("POST", "/auth/otp", contact)
        self.assertEqual(response.status_code, 202, response.content)

    def sign_in(self, code: str, **contact: str) -> Any:
        return self.client.call("POST", "/auth/token", {**contact, "code": code, "device_name": "Pixel"})

    def test_it_sends_the_code_by_e_mail_and_makes_the_citizen_account_on_first_use(self) -> None:
        self.ask(email="Warga.Baru@Example.org")

        message = OutboxMessage.objects.get(recipient="warga.baru@example.org")
        self.assertEqual(message.channel, OutboxChannel.EMAIL)
        code = sent_code("warga.baru@example.org")
        self.assertNotIn(code, message.subject)  # lists show subjects to more eyes than bodies
        stored = OneTimeCode.objects.get(address="warga.baru@example.org")
        self.assertNotIn(code, stored.code_hash)  # only a hash is kept
        self.assertFalse(User.objects.filter(email="warga.baru@example.org").exists())

        response = self.sign_in(code, email="warga.baru@example.org")

        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response["Cache-Control"], "no-store")
        body = response.json()
        user = User.objects.get(email="warga.baru@example.org")
        self.assertEqual(user.role, Role.CITIZEN)
        self.assertFalse(user.has_usable_password())
        self.assertEqual(body["user"]["id"], user.pk)
        token = ApiToken.objects.get(user=user)
        self.assertEqual(token.name, "Pixel")
        self.assertNotEqual(token.key_hash, body["token"])  # only its hash is stored
        me = self.client.call("GET", "/me", token=body["token"])
        self.assertEqual(me.status_code, 200)
        self.assertEqual(me.json()["email"], "warga.baru@example.org")

    def test_the_admin_never_shows_the_code(self) -> None:
        self.ask(email="warga.baru@example.org")
        message = OutboxMessage.objects.get(recipient="warga.baru@example.org")
        code = sent_code("warga.baru@example.org")
        admin = User.objects.create_superuser("penjaga", "penjaga@example.org", PASSWORD, role=Role.ADMIN)
        self.client.force_login(admin)

        page = self.client.get(f"/admin/notifications/outboxmessage/{message.pk}/change/")

        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, code)
        self.assertNotContains(page, "warga.baru@example.org")

    @mock.patch("sambat.api.endpoints.auth.can_deliver", return_value=True)  # as with an SMS provider set up
    def test_it_sends_the_code_by_sms_and_finds_the_account_however_the_number_is_written(self, _sms: Any) -> None:
        self.p.charlie.phone = "081234567890"
        self.p.charlie.save(update_fields=["phone"])
        self.ask(phone="+62 812-3456-7890")

        message = OutboxMessage.objects.get(recipient="+6281234567890")
        self.assertEqual(message.channel, OutboxChannel.SMS)
        response = self.sign_in(sent_code("+6281234567890"), phone="0812 3456 7890")

        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["user"]["id"], self.p.charlie.pk)

    def test_without_an_sms_provider_it_says_so_instead_of_queueing_a_code_that_cannot_arrive(self) -> None:
        response = self.client.call("POST", "/auth/otp", {"phone": "0812 3456 7890"})

        error = self.assertError(response, 422, "validation_error")
        self.assertEqual(error["details"]["fields"][0]["field"], "phone")
        self.assertFalse(OutboxMessage.objects.exists())
        self.assertFalse(OneTimeCode.objects.exists())

    def test_it_signs_in_the_existing_citizen_but_never_a_staff_account(self) -> None:
        self.ask(email="alice@example.org")
        alice = self.sign_in(sent_code("alice@example.org"), email="alice@example.org")
        self.assertEqual(alice.json()["user"]["id"], self.p.alice.pk)

        self.ask(email=self.p.oscar.email)
        response = self.sign_in(sent_code(self.p.oscar.email), email=self.p.oscar.email)

        self.assertEqual(response.status_code, 201)
        self.assertNotEqual(response.json()["user"]["id"], self.p.oscar.pk)
        self.assertEqual(response.json()["user"]["role"], Role.CITIZEN)

    def test_it_answers_the_same_whether_or_not_an_account_exists(self) -> None:
        known = self.client.call("POST", "/auth/otp", {"email": "alice@example.org"})
        unknown = self.client.call("POST", "/auth/otp", {"email": "nobody@example.org"})
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(known.json(), unknown.json())

    def test_it_refuses_a_wrong_code_and_counts_the_tries(self) -> None:
        self.ask(email="warga@example.org")
        code = sent_code("warga@example.org")
        wrong = "000000" if code != "000000" else "111111"

        error = self.assertError(self.sign_in(wrong, email="warga@example.org"), 400, "invalid_code")

        self.assertEqual(error["details"]["tries_left"], 4)
        self.assertEqual(self.sign_in(code, email="warga@example.org").status_code, 201)
        self.assertFalse(ApiToken.objects.filter(user__email="nobody@example.org").exists())

    @override_settings(SAMBAT_API_OTP_ATTEMPTS=3)
    def test_it_burns_the_code_after_too_many_wrong_tries(self) -> None:
        self.ask(email="warga@example.org")
        code = sent_code("warga@example.org")
        wrong = "000000" if code != "000000" else "111111"
        for _try in range(3):
            self.sign_in(wrong, email="warga@example.org")

        error = self.assertError(self.sign_in(code, email="warga@example.org"), 400, "invalid_code")

        self.assertEqual(error["details"]["tries_left"], 0)
        self.assertFalse(User.objects.filter(email="warga@example.org").exists())

    def test_it_refuses_an_expired_code(self) -> None:
        self.ask(email="warga@example.org")
        OneTimeCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

        self.assertError(self.sign_in(sent_code("warga@example.org"), email="warga@example.org"), 400, "invalid_code")

    def test_a_code_works_once_and_only_the_newest_works(self) -> None:
        self.ask(email="warga@example.org")
        first = sent_code("warga@example.org")
        self.ask(email="warga@example.org")
        second = sent_code("warga@example.org")
        if first != second:
            self.assertError(self.sign_in(first, email="warga@example.org"), 400, "invalid_code")

        self.assertEqual(self.sign_in(second, email="warga@example.org").status_code, 201)
        self.assertError(self.sign_in(second, email="warga@example.org"), 400, "invalid_code")

    def test_it_sends_an_address_a_few_codes_an_hour_at_most_and_still_answers_202(self) -> None:
        for _request in range(7):
            self.ask(email="target@example.org")
        self.assertEqual(OutboxMessage.objects.filter(recipient="target@example.org").count(), 5)

    def test_it_refuses_a_malformed_contact(self) -> None:
        both = self.client.call("POST", "/auth/otp", {"email": "a@example.org", "phone": "081234567890"})
        self.assertError(both, 422, "validation_error")
        bad_email = self.assertError(
            self.client.call("POST", "/auth/otp", {"email": "not-an-address"}), 422, "validation_error"
        )
        self.assertEqual(bad_email["details"]["fields"][0]["field"], "email")
        self.assertError(self.client.call("POST", "/auth/otp", {"phone": "12"}), 422, "validation_error")
        self.assertFalse(OutboxMessage.objects.exists())

    @override_settings(SAMBAT_API_ANONYMOUS_PER_MINUTE=3)
    def test_it_limits_code_requests_per_address(self) -> None:
        for number in range(3):
            self.ask(email=f"warga{number}@example.org")

        response = self.client.call("POST", "/auth/otp", {"email": "warga9@example.org"})

        error = self.assertError(response, 429, "rate_limited")
        self.assertEqual(response["Retry-After"], "60")
        self.assertEqual(error["details"]["retry_after"], 60)
        self.assertFalse(OutboxMessage.objects.filter(recipient="warga9@example.org").exists())
        other_address = self.client.call("POST", "/auth/otp", {"email": "warga9@example.org"}, address="10.0.0.9")
        self.assertEqual(other_address.status_code, 202)


class TokenTests(ApiTestCase):
    def test_it_revokes_the_token_it_is_sent_with(self) -> None:
        token = self.token(self.p.alice)
        other = self.token(self.p.alice)

        response = self.client.call("DELETE", "/auth/token", token=token)

        self.assertEqual(response.status_code, 204)
        self.assertError(self.client.call("GET", "/me", token=token), 401, "not_authenticated")
        self.assertEqual(self.client.call("GET", "/me", token=other).status_code, 200)
        self.assertIsNotNone(ApiToken.objects.get(prefix=token[:10]).revoked_at)

    def test_it_refuses_unknown_tokens_and_tokens_of_disabled_users(self) -> None:
        token = self.token(self.p.charlie)
        self.p.charlie.is_active = False
        self.p.charlie.save(update_fields=["is_active"])

        self.assertError(self.client.call("GET", "/me", token=token), 401, "not_authenticated")
        self.assertError(self.client.call("GET", "/me", token="sbt_made-up"), 401, "not_authenticated")
        response = self.client.call("GET", "/me")
        self.assertError(response, 401, "not_authenticated")
        self.assertIn("Bearer", response["WWW-Authenticate"])

    @override_settings(SAMBAT_API_TOKEN_IDLE_DAYS=90, SAMBAT_API_STAFF_TOKEN_IDLE_DAYS=14)
    def test_a_token_left_unused_too_long_stops_working(self) -> None:
        citizen, officer = self.token(self.p.alice), self.token(self.p.oscar)
        ApiToken.objects.update(created_at=timezone.now() - dt.timedelta(days=60), last_used_at=None)
        # Unused since it was made 60 days ago: a citizen's token still works, an officer's does not.
        self.assertEqual(self.client.call("GET", "/me", token=citizen).status_code, 200)
        self.assertError(self.client.call("GET", "/staff/inbox", token=officer), 401, "not_authenticated")

        # Each use counts from then on: a token used 80 days ago works, one used 91 days ago does not.
        ApiToken.objects.filter(prefix=citizen[:10]).update(last_used_at=timezone.now() - dt.timedelta(days=80))
        self.assertEqual(self.client.call("GET", "/me", token=citizen).status_code, 200)
        ApiToken.objects.filter(prefix=citizen[:10]).update(last_used_at=timezone.now() - dt.timedelta(days=91))
        self.assertError(self.client.call("GET", "/me", token=citizen), 401, "not_authenticated")

    def test_a_bad_token_is_refused_even_where_signing_in_is_optional(self) -> None:
        response = self.client.call("GET", "/board", token="sbt_made-up")
        self.assertEqual(response.status_code, 200)  # the board takes no token at all
        tracked = self.client.call("GET", "/complaints/SBT-234567", token="sbt_made-up")
        self.assertError(tracked, 401, "not_authenticated")


class StaffTokenTests(ApiTestCase):
    def sign_in(self, username: str, password: str) -> Any:
        return self.client.call("POST", "/auth/token/staff", {"username": username, "password": password})

    def test_it_gives_staff_a_token_for_their_password(self) -> None:
        response = self.sign_in("oscar", PASSWORD)

        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(response.json()["user"]["role"], Role.OFFICER)
        inbox = self.client.call("GET", "/staff/inbox", token=response.json()["token"])
        self.assertEqual(inbox.status_code, 200)

    def test_it_refuses_wrong_passwords_and_citizens(self) -> None:
        self.assertError(self.sign_in("oscar", "wrong"), 401, "invalid_credentials")
        self.assertError(self.sign_in("nobody", PASSWORD), 401, "invalid_credentials")
        self.assertError(self.sign_in("alice", PASSWORD), 403, "forbidden")
        self.assertFalse(ApiToken.objects.exists())

    @override_settings(SAMBAT_SIGN_IN_ATTEMPTS=2)
    def test_it_shares_the_web_sign_in_throttle(self) -> None:
        self.sign_in("oscar", "wrong")
        self.client.post("/akun/masuk/", {"username": "oscar", "password": "wrong"})  # the web form counts too

        response = self.sign_in("oscar", PASSWORD)

        self.assertError(response, 429, "rate_limited")
        self.assertTrue(int(response["Retry-After"]) > 0)
        self.assertFalse(ApiToken.objects.exists())
