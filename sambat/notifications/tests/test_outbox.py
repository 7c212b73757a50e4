"""The outbox: idempotent queuing, delivery through Django's mail backend, retries and single delivery."""

import datetime as dt
import smtplib
from collections.abc import Sequence
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from sambat.notifications import actions as outbox
from sambat.notifications.choices import OutboxChannel, OutboxStatus
from sambat.notifications.models import OutboxMessage


def queue(key: str = "k1", **kwargs: object) -> OutboxMessage | None:
    fields: dict = {
        "channel": OutboxChannel.EMAIL,
        "recipient": "warga@example.org",
        "subject": "Halo",
        "body": "Isi pesan",
        "dedupe_key": key,
    }
    fields.update(kwargs)
    return outbox.queue_message(**fields)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", DEFAULT_FROM_EMAIL="sambat@kota.test")
class QueueTests(TestCase):
    def test_it_queues_a_message_once_per_dedupe_key(self) -> None:
        first = queue("citizen:1:received:email")
        again = queue("citizen:1:received:email", body="a different body")
        assert first is not None and again is not None
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(OutboxMessage.objects.count(), 1)
        self.assertEqual(OutboxMessage.objects.get().body, "Isi pesan")
        queue("citizen:1:assigned:email")
        self.assertEqual(OutboxMessage.objects.count(), 2)

    def test_it_queues_nothing_without_a_recipient(self) -> None:
        self.assertIsNone(queue(recipient=""))
        self.assertEqual(OutboxMessage.objects.count(), 0)

    def test_it_queues_a_pending_message_due_now(self) -> None:
        message = queue()
        assert message is not None
        self.assertEqual((message.status, message.attempts), (OutboxStatus.PENDING, 0))
        self.assertLessEqual(message.next_attempt_at, timezone.now())


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", DEFAULT_FROM_EMAIL="sambat@kota.test")
class DeliveryTests(TestCase):
    def test_it_sends_due_email_through_the_mail_backend(self) -> None:
        queue()
        self.assertEqual(outbox.deliver_due_messages(), 1)

        self.assertEqual(len(mail.outbox), 1)
        sent = mail.outbox[0]
        self.assertEqual(
            (sent.subject, sent.body, sent.to, sent.from_email),
            ("Halo", "Isi pesan", ["warga@example.org"], "sambat@kota.test"),
        )
        message = OutboxMessage.objects.get()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.SENT, 1))
        self.assertIsNotNone(message.sent_at)
        self.assertEqual(outbox.deliver_due_messages(), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_waits_for_messages_that_are_not_due(self) -> None:
        message = queue()
        assert message is not None
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + dt.timedelta(minutes=5))
        self.assertEqual(outbox.deliver_due_messages(), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_keeps_a_message_pending_with_backoff_when_sending_fails(self) -> None:
        queue()
        before = timezone.now()
        with mock.patch("sambat.notifications.actions.send_mail", side_effect=smtplib.SMTPException("relay down")):
            with self.assertLogs("sambat.notifications.actions", level="WARNING"):
                self.assertEqual(outbox.deliver_due_messages(), 0)

        message = OutboxMessage.objects.get()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.PENDING, 1))
        self.assertEqual(message.last_error, "relay down")
        self.assertGreaterEqual(message.next_attempt_at, before + dt.timedelta(minutes=2))
        self.assertEqual(mail.outbox, [])

        # Not due yet: a run right away sends nothing and does not count an attempt.
        self.assertEqual(outbox.deliver_due_messages(), 0)
        self.assertEqual(OutboxMessage.objects.get().attempts, 1)

        # A later run, with the relay back, delivers it.
        later = message.next_attempt_at + dt.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertEqual(outbox.deliver_due_messages(), 1)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.SENT, 2))
        self.assertEqual(len(mail.outbox), 1)

    def test_it_backs_off_longer_after_each_failure_and_gives_up(self) -> None:
        queue()
        delays = []
        with (
            mock.patch("sambat.notifications.actions.send_mail", side_effect=smtplib.SMTPException("down")),
            self.assertLogs("sambat.notifications.actions", level="WARNING"),
        ):
            for _ in range(outbox.MAX_ATTEMPTS):
                OutboxMessage.objects.update(next_attempt_at=timezone.now())
                start = timezone.now()
                outbox.deliver_due_messages()
                delays.append(OutboxMessage.objects.get().next_attempt_at - start)
        self.assertEqual(delays, sorted(delays))
        self.assertLess(delays[0], delays[-1])
        message = OutboxMessage.objects.get()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.FAILED, outbox.MAX_ATTEMPTS))
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        self.assertEqual(outbox.deliver_due_messages(), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_keeps_sms_waiting_until_a_provider_is_configured(self) -> None:
        queue(channel=OutboxChannel.SMS, recipient="081234567890")
        with self.assertLogs("sambat.notifications.actions", level="WARNING"):
            self.assertEqual(outbox.deliver_due_messages(), 0)
        message = OutboxMessage.objects.get()
        self.assertEqual(message.status, OutboxStatus.PENDING)
        self.assertIn("no provider", message.last_error)

    def test_it_sends_a_message_only_once_when_two_workers_claim_it(self) -> None:
        queue("first")
        queue("second")
        real_send = outbox._send
        sent_ids: list[int] = []
        second_worker: dict[str, int] = {}

        def send_and_let_another_worker_run(message: OutboxMessage) -> None:
            # While this worker sends the first message, a second worker runs over the same rows.
            if "sent" not in second_worker:
                second_worker["sent"] = -1
                second_worker["sent"] = outbox.deliver_due_messages()
            sent_ids.append(message.id)
            real_send(message)

        with mock.patch("sambat.notifications.actions._send", side_effect=send_and_let_another_worker_run):
            first_worker = outbox.deliver_due_messages()

        self.assertEqual((first_worker, second_worker["sent"]), (1, 1))
        self.assertEqual(len(sent_ids), len(set(sent_ids)))
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(set(OutboxMessage.objects.values_list("status", "attempts")), {(OutboxStatus.SENT, 1)})

    def test_it_resends_a_message_whose_worker_died_once_the_lease_has_run_out(self) -> None:
        message = queue()
        assert message is not None
        stuck_since = timezone.now()
        # A worker claimed it and died before recording the result.
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.SENDING, attempts=1, next_attempt_at=stuck_since + outbox.SEND_LEASE
        )
        self.assertEqual(outbox.deliver_due_messages(), 0)  # still leased
        self.assertEqual(len(mail.outbox), 0)
        with mock.patch("django.utils.timezone.now", return_value=stuck_since + outbox.SEND_LEASE + dt.timedelta(1)):
            self.assertEqual(outbox.deliver_due_messages(), 1)
        self.assertEqual(len(mail.outbox), 1)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.SENT, 2))

    def test_it_delivers_from_the_management_command(self) -> None:
        queue()
        out = StringIO()
        call_command("deliver_outbox", stdout=out)
        self.assertIn("sent 1", out.getvalue())
        self.assertEqual(len(mail.outbox), 1)


class FlakyBackend(locmem.EmailBackend):
    """A mail provider that is down for its first `failures` sends, then delivers (into mail.outbox)."""

    failures = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("provider down")
        return super().send_messages(email_messages)


@override_settings(EMAIL_BACKEND=f"{__name__}.FlakyBackend", DEFAULT_FROM_EMAIL="sambat@kota.test")
class ProviderOutageTests(TestCase):
    def test_it_keeps_messages_through_an_outage_and_sends_each_once_after(self) -> None:
        FlakyBackend.failures = 3
        queue("a", recipient="a@example.org")
        queue("b", recipient="b@example.org")
        clock = timezone.now()

        def run_at(moment: dt.datetime) -> int:
            with mock.patch("django.utils.timezone.now", return_value=moment):
                return outbox.deliver_due_messages()

        with self.assertLogs("sambat.notifications.actions", level="WARNING"):
            self.assertEqual(run_at(clock), 0)  # both fail
        waiting = list(OutboxMessage.objects.order_by("dedupe_key"))
        self.assertEqual({(m.status, m.attempts) for m in waiting}, {(OutboxStatus.PENDING, 1)})
        self.assertTrue(all(m.next_attempt_at > clock for m in waiting))
        self.assertEqual(run_at(clock), 0)  # not due yet: no attempt, nothing lost
        self.assertEqual(mail.outbox, [])

        later = max(m.next_attempt_at for m in waiting) + dt.timedelta(seconds=1)
        with self.assertLogs("sambat.notifications.actions", level="WARNING"):
            self.assertEqual(run_at(later), 1)  # the provider fails once more, then recovers
        much_later = later + dt.timedelta(days=1)
        self.assertEqual(run_at(much_later), 1)
        self.assertEqual(run_at(much_later + dt.timedelta(days=1)), 0)

        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["a@example.org", "b@example.org"])
        self.assertEqual(set(OutboxMessage.objects.values_list("status", flat=True)), {OutboxStatus.SENT})
        self.assertEqual(sorted(OutboxMessage.objects.values_list("attempts", flat=True)), [2, 3])
