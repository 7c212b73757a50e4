"""Queue and deliver outgoing messages through the outbox table."""

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sambat.notifications.choices import OutboxChannel, OutboxStatus
from sambat.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# How long a claimed message is reserved for the worker sending it.
SEND_LEASE = dt.timedelta(minutes=10)


def queue_message(
    *, channel: str, recipient: str, body: str, dedupe_key: str, subject: str = "", complaint_id: int | None = None
) -> OutboxMessage | None:
    """Queue one message; a second call with the same dedupe_key queues nothing."""
    if not recipient:
        return None
    message, _created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "channel": channel,
            "recipient": recipient,
            "subject": subject[:200],
            "body": body,
            "complaint_id": complaint_id,
            "next_attempt_at": timezone.now(),
        },
    )
    return message


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 24 * 60))


def can_deliver(channel: str) -> bool:
    """Whether messages on this channel can leave the outbox here (SMS and chat need a provider first)."""
    return channel == OutboxChannel.EMAIL


def _send(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient], fail_silently=False)
        return
    # SMS and chat providers plug in here; until one is configured the message waits in the outbox.
    raise RuntimeError(f"no provider configured for channel {message.channel}")


def _claimable(now: dt.datetime) -> Q:
    # A message left "sending" by a worker that died is claimable again once its lease has run out.
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, next_attempt_at__lte=now
    )


def deliver_due_messages(*, limit: int = 100) -> int:
    """Claim due messages one by one (conditional UPDATE, safe with several workers) and send them.

    A claim sets a lease (`next_attempt_at` = now + SEND_LEASE); a crash mid-send only delays the message.
    """
    sent = 0
    now = timezone.now()
    candidate_ids = list(
        OutboxMessage.objects.filter(_claimable(now)).order_by("next_attempt_at").values_list("id", flat=True)[:limit]
    )
    for message_id in candidate_ids:
        claim_time = timezone.now()
        claimed = OutboxMessage.objects.filter(_claimable(claim_time), id=message_id).update(
            status=OutboxStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=claim_time + SEND_LEASE
        )
        if not claimed:
            continue  # another worker took it
        message = OutboxMessage.objects.get(id=message_id)
        try:
            _send(message)
        except Exception as exc:  # noqa: BLE001 - any provider failure means: retry later
            final = message.attempts >= MAX_ATTEMPTS
            message.status = OutboxStatus.FAILED if final else OutboxStatus.PENDING
            message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            message.last_error = str(exc)[:2000]
            message.save(update_fields=["status", "next_attempt_at", "last_error"])
            logger.warning("outbox message %s failed (attempt %s): %s", message.id, message.attempts, exc)
            continue
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        with transaction.atomic():
            message.save(update_fields=["status", "sent_at"])
        sent += 1
    return sent
