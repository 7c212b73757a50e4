"""Sambat's states in GeoReport's words: the one place that maps them.

GET requests knows two statuses, `open` and `closed`. The servicerequestupdates feed (FixMyStreet's extension
of GeoReport v2) uses the finer statuses FixMyStreet understands; FixMyStreet reads them case-insensitively.
"""

from enum import StrEnum

from sambat.complaints.choices import EventType, Status
from sambat.complaints.models import ComplaintEvent

OPEN = "open"
CLOSED = "closed"

# GET requests: Sambat's states fold into GeoReport's two.
REQUEST_STATUS: dict[str, str] = {
    Status.RECEIVED: OPEN,
    Status.TRIAGE: OPEN,
    Status.ASSIGNED: OPEN,
    Status.IN_PROGRESS: OPEN,
    Status.NEEDS_INFO: OPEN,
    Status.RESOLVED: CLOSED,
    Status.CLOSED: CLOSED,
    Status.REJECTED: CLOSED,
    Status.MERGED: CLOSED,
}


class UpdateStatus(StrEnum):
    """The extended statuses of FixMyStreet's servicerequestupdates."""

    OPEN = "OPEN"
    ACTION_SCHEDULED = "ACTION_SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    INVESTIGATING = "INVESTIGATING"
    FIXED = "FIXED"
    CLOSED = "CLOSED"
    DUPLICATE = "DUPLICATE"
    NO_FURTHER_ACTION = "NO_FURTHER_ACTION"
    INTERNAL_REFERRAL = "INTERNAL_REFERRAL"
    # Never sent: Sambat has no outcome "not the city's remit" (a department's "bukan kewenangan" stays within
    # the city, see INTERNAL_REFERRAL); listed so clients see the whole vocabulary in one place.
    NOT_COUNCILS_RESPONSIBILITY = "NOT_COUNCILS_RESPONSIBILITY"


# servicerequestupdates: the state an event led to...
UPDATE_STATUS: dict[str, UpdateStatus] = {
    Status.RECEIVED: UpdateStatus.OPEN,
    Status.TRIAGE: UpdateStatus.OPEN,
    # With a department, which has a deadline to fix it (the expected_datetime of GET requests).
    Status.ASSIGNED: UpdateStatus.ACTION_SCHEDULED,
    Status.IN_PROGRESS: UpdateStatus.IN_PROGRESS,
    # The department asked the citizen for more information before it can act.
    Status.NEEDS_INFO: UpdateStatus.INVESTIGATING,
    Status.RESOLVED: UpdateStatus.FIXED,
    Status.CLOSED: UpdateStatus.CLOSED,
    Status.REJECTED: UpdateStatus.NO_FURTHER_ACTION,
    Status.MERGED: UpdateStatus.DUPLICATE,
}
# ...unless the kind of event says more than the state does.
UPDATE_STATUS_BY_EVENT: dict[str, UpdateStatus] = {
    # "Bukan kewenangan": the department gave it back and the verifiers pick another department of the city.
    EventType.RETURNED: UpdateStatus.INTERNAL_REFERRAL,
}


def request_status(status: str) -> str:
    return REQUEST_STATUS.get(status, OPEN)


def states_for(open311_status: str) -> list[str]:
    """Sambat's states that GET requests reports as `open311_status`."""
    return [str(state) for state, folded in REQUEST_STATUS.items() if folded == open311_status]


def update_status(event: ComplaintEvent) -> UpdateStatus:
    by_event = UPDATE_STATUS_BY_EVENT.get(event.event_type)
    if by_event is not None:
        return by_event
    # Events written before every event carried its state fall back to the complaint's current one.
    state = event.to_status or event.complaint.status
    return UPDATE_STATUS.get(state, UpdateStatus.OPEN)
