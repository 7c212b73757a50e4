"""The complaint state machine of DESIGN §2: which action may move a complaint from which state, and where to.

This is the only place that knows the transitions; actions ask `target_status` and the permission
checks in `queries.permitted_actions` ask `is_allowed`.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from sambat.complaints.choices import Status


class Action(StrEnum):
    ROUTE = "route"  # the system's automatic routing on submission
    SEND_TO_TRIAGE = "send_to_triage"
    ASSIGN = "assign"  # a verifier picks the department
    REASSIGN = "reassign"
    RETURN = "return"  # department: "bukan kewenangan"
    START = "start"  # department: mark in progress
    RESPOND = "respond"
    REQUEST_INFO = "request_info"
    CITIZEN_REPLY = "citizen_reply"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    RATE = "rate"
    CONFIRM = "confirm"  # citizen confirms the resolution
    AUTO_CLOSE = "auto_close"
    REJECT = "reject"
    MERGE = "merge"
    NOTE = "note"
    INSTRUCT = "instruct"  # leader's instruction (disposisi pimpinan)
    CORRECT = "correct"  # verifier corrects category/area details


_WITH_DEPARTMENT = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO})
_ANY = frozenset(Status)

# action -> (states it may start from, state it leads to; None = unchanged)
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.ROUTE: (frozenset({Status.RECEIVED}), Status.ASSIGNED),
    Action.SEND_TO_TRIAGE: (frozenset({Status.RECEIVED}), Status.TRIAGE),
    Action.ASSIGN: (frozenset({Status.RECEIVED, Status.TRIAGE}), Status.ASSIGNED),
    Action.REASSIGN: (_WITH_DEPARTMENT, Status.ASSIGNED),
    Action.RETURN: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.TRIAGE),
    Action.START: (frozenset({Status.ASSIGNED}), Status.IN_PROGRESS),
    Action.RESPOND: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.IN_PROGRESS),
    Action.REQUEST_INFO: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.NEEDS_INFO),
    Action.CITIZEN_REPLY: (frozenset({Status.NEEDS_INFO}), Status.IN_PROGRESS),
    Action.RESOLVE: (frozenset({Status.ASSIGNED, Status.IN_PROGRESS}), Status.RESOLVED),
    Action.REOPEN: (frozenset({Status.RESOLVED}), Status.IN_PROGRESS),
    Action.CONFIRM: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.RATE: (frozenset({Status.RESOLVED, Status.CLOSED}), None),
    Action.AUTO_CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.REJECT: (frozenset({Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED}), Status.REJECTED),
    Action.MERGE: (
        frozenset({Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO}),
        Status.MERGED,
    ),
    Action.NOTE: (_ANY, None),
    Action.INSTRUCT: (_ANY, None),
    Action.CORRECT: (
        frozenset(
            {Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.RESOLVED}
        ),
        None,
    ),
}


class TransitionNotAllowed(Exception):
    """The action cannot be taken in the complaint's current state; the message is user-facing."""


def is_allowed(action: Action, current: str) -> bool:
    return current in TRANSITIONS[action][0]


def target_status(action: Action, current: str) -> str:
    """The status after `action`, or TransitionNotAllowed."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise TransitionNotAllowed(
            _("This cannot be done while the complaint is “%(status)s”.") % {"status": Status(current).label}
        )
    return current if target is None else target
