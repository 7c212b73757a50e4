"""Reads and permission checks of the SP4N-LAPOR! connector."""

from dataclasses import dataclass

from django.db.models import Count, Q

from sambat.accounts.models import User
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.lapor.choices import PushStatus
from sambat.lapor.client import connector_enabled
from sambat.lapor.models import OPEN_PUSH_STATUSES, LaporLink, LaporOutbox

# Spam and duplicates are not the nation's business.
NOT_FORWARDABLE = frozenset({Status.REJECTED, Status.MERGED})


def may_forward_as(user: User | None) -> bool:
    """Forwarding to LAPOR! is a verifier's (admin's) decision, as routing is."""
    return user is not None and user.is_authenticated and user.is_verifier


def may_forward(user: User | None, complaint: Complaint, *, linked: bool) -> bool:
    """The forward button is offered: the connector is on, the user a verifier, the complaint not yet linked,
    not rejected or merged."""
    return connector_enabled() and may_forward_as(user) and not linked and complaint.status not in NOT_FORWARDABLE


@dataclass(frozen=True)
class LinkState:
    """What the complaint page says about the complaint's place in LAPOR!."""

    link: LaporLink | None
    waiting: int  # outbox rows not yet sent
    refused: int  # outbox rows LAPOR! refused


def link_state(complaint: Complaint) -> LinkState:
    link = LaporLink.objects.filter(complaint=complaint).first()
    if link is None:
        return LinkState(link=None, waiting=0, refused=0)
    counts = LaporOutbox.objects.filter(complaint=complaint).aggregate(
        waiting=Count("id", filter=Q(status__in=OPEN_PUSH_STATUSES)),
        refused=Count("id", filter=Q(status=PushStatus.FAILED)),
    )
    return LinkState(link=link, waiting=counts["waiting"], refused=counts["refused"])
