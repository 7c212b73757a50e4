"""Reads of the Open311 interface: clients by key, services, submissions by token, the public updates feed."""

import datetime

from django.db.models import F, Prefetch, Q, QuerySet

from sambat.agencies.models import Category
from sambat.complaints.choices import ActorKind, Privacy, Status
from sambat.complaints.models import Attachment, ComplaintEvent
from sambat.complaints.queries import BOARD_STATUSES
from sambat.open311.keys import hash_key
from sambat.open311.models import Open311Client, Open311Submission

# Events whose words are the citizen's own: they never go out as the city's update (a client such as
# FixMyStreet shows every update as the council's), only the change of state they caused does.
CITIZEN_VOICES = frozenset({ActorKind.CITIZEN, ActorKind.ASSISTANT})
MAX_KEY_LENGTH = 200


def client_for_key(raw_key: str) -> Open311Client | None:
    """The active client holding this API key, or None."""
    raw_key = raw_key.strip()
    if not raw_key or len(raw_key) > MAX_KEY_LENGTH:
        return None
    # Found by its hash: the key itself is not stored, and an index lookup reveals nothing about near misses.
    return Open311Client.objects.filter(key_hash=hash_key(raw_key), is_active=True).first()


def active_service(code: str) -> Category | None:
    """The category GeoReport calls service `code`, if it is in use."""
    return Category.objects.filter(is_active=True, code=code).first() if code else None


def submission_for_token(token: str) -> Open311Submission | None:
    token = token.strip()
    if not token:
        return None
    return Open311Submission.objects.select_related("complaint").filter(token=token).first()


def public_updates(*, start: datetime.datetime, end: datetime.datetime, limit: int) -> QuerySet[ComplaintEvent]:
    """Public events of public complaints between `start` and `end`, oldest first (FixMyStreet's order).

    A complaint counts while it is on the public board, and also once it left the board as rejected or merged
    after a department had it (so its clients learn the outcome); never a confidential one, never one rejected
    or merged straight from verification (spam never had a public life). Internal events never appear; an event
    is listed when it changed the complaint's state or carries the city's public words.
    """
    on_board = Q(complaint__status__in=BOARD_STATUSES)
    left_board = Q(complaint__status__in=[Status.REJECTED, Status.MERGED], complaint__department__isnull=False)
    changed_state = ~Q(from_status=F("to_status"))
    city_spoke = ~Q(actor_kind__in=CITIZEN_VOICES) & (~Q(public_message="") | Q(data__has_key="say"))
    return (
        ComplaintEvent.objects.filter(is_public=True, created_at__gte=start, created_at__lte=end)
        .exclude(complaint__privacy=Privacy.CONFIDENTIAL)
        .filter(on_board | left_board)
        .filter(changed_state | city_spoke)
        .select_related("complaint")
        # Only the complaint's code, state and privacy are written: not its text or JSON columns.
        .defer("complaint__text", "complaint__extra", "complaint__routing_suggestions")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True)))
        .order_by("created_at", "id")[:limit]
    )
