"""Changes made through or for the Open311 interface: clients and their keys, and received service requests.

A service request becomes a complaint through `complaints.actions.submit_complaint`, like every channel's.
"""

import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sambat.complaints.actions import submit_complaint
from sambat.complaints.choices import Channel
from sambat.lib.images import CleanImage
from sambat.lib.text import clean_text
from sambat.open311.keys import hash_key, key_prefix, new_key
from sambat.open311.models import Open311Client, Open311Submission

# last_used_at is for staff ("is this client still sending?"): a minute's precision spares a write per request.
LAST_USED_PRECISION = timedelta(minutes=1)
IDEMPOTENCY_KEY_LENGTH = 120


def give_new_key(client: Open311Client) -> str:
    """Give the (saved or unsaved) client a new key, replacing any earlier one; returns the key, which is not
    stored and cannot be shown again. The caller saves the client."""
    key = new_key()
    client.key_prefix = key_prefix(key)
    client.key_hash = hash_key(key)
    return key


def create_client(*, name: str, channel_name: str = "") -> tuple[Open311Client, str]:
    """A new active client and its API key."""
    name = clean_text(name)[:120]
    if not name:
        raise ValidationError(_("The client needs a name."))
    if Open311Client.objects.filter(name=name).exists():
        raise ValidationError(_("A client named %(name)s already exists.") % {"name": name})
    client = Open311Client(name=name, channel_name=clean_text(channel_name)[:120])
    key = give_new_key(client)
    client.save()
    return client, key


def replace_key(*, client: Open311Client) -> str:
    """A new key for the client; the old one stops working at once."""
    key = give_new_key(client)
    client.save(update_fields=["key_prefix", "key_hash"])
    return key


def note_use(client: Open311Client) -> None:
    now = timezone.now()
    # Conditional, so concurrent requests of one client write at most once a minute.
    Open311Client.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION), pk=client.pk
    ).update(last_used_at=now)


def submit_service_request(
    *,
    client: Open311Client,
    submission: dict[str, Any],
    photos: Sequence[CleanImage] = (),
    device_id: str = "",
    account_id: str = "",
    idempotency_key: str = "",
) -> Open311Submission:
    """Store the client's service request as a public complaint and remember which client sent it.

    `submission` holds the checked arguments of `submit_complaint` (see `open311.forms`). With an
    `idempotency_key` (the Idempotency-Key header), sending the same request again returns the first one.
    """
    idempotency_key = idempotency_key.strip()[:IDEMPOTENCY_KEY_LENGTH]
    intake_key = f"open311:{client.pk}:{idempotency_key}" if idempotency_key else ""
    # Photos and the intake key are this channel's own; whatever the submission held for them is replaced.
    arguments = {name: value for name, value in submission.items() if name not in ("photos", "intake_key")}
    with transaction.atomic():
        complaint = submit_complaint(
            **arguments,
            photos=photos,
            channel=Channel.OPEN311,
            channel_name=client.shown_channel_name,
            intake_key=intake_key,
        )
        received, _created = Open311Submission.objects.get_or_create(
            complaint=complaint,
            defaults={
                "client": client,
                "token": secrets.token_urlsafe(24),
                "device_id": device_id,
                "account_id": account_id,
            },
        )
    note_use(client)
    return received
