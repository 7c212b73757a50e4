"""Reads and access checks for complaints: the one place that decides who sees and does what.

Web views, the API and every channel go through these functions; nothing fetches a complaint with a
bare `.objects.get()`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.queries import department_ids_of
from sambat.complaints.choices import DEPARTMENT_OPEN_STATUSES, OPEN_STATUSES, Privacy, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.workflow import Action, is_allowed
from sambat.lib.codes import normalise_tracking_code

# Statuses the public board shows: the complaint has been accepted and is not a duplicate or spam.
BOARD_STATUSES = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.RESOLVED, Status.CLOSED})

_VERIFIER_ACTIONS = frozenset(
    {Action.ASSIGN, Action.REASSIGN, Action.REJECT, Action.MERGE, Action.NOTE, Action.CORRECT}
)
_DEPARTMENT_ACTIONS = frozenset(
    {Action.START, Action.RESPOND, Action.REQUEST_INFO, Action.RESOLVE, Action.RETURN, Action.NOTE}
)
_LEADER_ACTIONS = frozenset({Action.INSTRUCT})
CITIZEN_ACTIONS = frozenset({Action.CITIZEN_REPLY, Action.REOPEN, Action.RATE, Action.CONFIRM})


def _anonymous_user(user: User | None) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def visible_complaints(user: User | None) -> QuerySet[Complaint]:
    """Every complaint the user may open in the staff or account screens."""
    if _anonymous_user(user):
        return Complaint.objects.none()
    assert user is not None
    if user.role in (Role.ADMIN, Role.LEADER):
        return Complaint.objects.all()
    if user.is_department_staff:
        return Complaint.objects.filter(department_id__in=department_ids_of(user))
    if user.role == Role.KIM:
        return Complaint.objects.filter(Q(assisted_by=user) | Q(reporter=user))
    return Complaint.objects.filter(reporter=user)


def access_complaint(user: User | None, complaint_id: int) -> Complaint:
    """The complaint if the user may see it; otherwise 404, so its existence is not revealed."""
    complaint = (
        visible_complaints(user)
        .select_related("category", "department", "area", "kecamatan", "reporter", "assisted_by", "merged_into")
        .filter(id=complaint_id)
        .first()
    )
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


def role_actions(user: User | None, complaint: Complaint) -> frozenset[Action]:
    """Staff actions the user's role and department allow on this complaint, whatever its state."""
    if _anonymous_user(user):
        return frozenset()
    assert user is not None
    if user.role == Role.ADMIN:
        return _VERIFIER_ACTIONS
    if user.role == Role.LEADER:
        return _LEADER_ACTIONS
    if user.is_department_staff and complaint.department_id in department_ids_of(user):
        return _DEPARTMENT_ACTIONS
    return frozenset()


def permitted_actions(user: User | None, complaint: Complaint) -> frozenset[Action]:
    """Staff actions the user may take on this complaint now (role, department and state)."""
    return frozenset(action for action in role_actions(user, complaint) if is_allowed(action, complaint.status))


def citizen_actions(complaint: Complaint) -> frozenset[Action]:
    """Citizen actions the complaint's state allows (the caller has proved it is the citizen's)."""
    allowed = {action for action in CITIZEN_ACTIONS if is_allowed(action, complaint.status)}
    if Action.REOPEN in allowed and not reopen_window_open(complaint):
        allowed.discard(Action.REOPEN)
    if complaint.rating is not None:
        allowed.discard(Action.RATE)
    return frozenset(allowed)


def reopen_window_open(complaint: Complaint) -> bool:
    from django.conf import settings

    if complaint.resolved_at is None:
        return False
    return timezone.now() - complaint.resolved_at <= datetime.timedelta(days=settings.SAMBAT_REOPEN_DAYS)


def is_citizen_of(
    complaint: Complaint, *, user: User | None, key: str = "", session_codes: list[str] | None = None
) -> bool:
    """The requester is the complaint's citizen: their account, their assistant, their private link or session."""
    import secrets

    # Compared as bytes: compare_digest refuses non-ASCII str, and a key comes from a URL anyone can type.
    if key and secrets.compare_digest(key.encode(), complaint.citizen_key.encode()):
        return True
    if session_codes and complaint.tracking_code in session_codes:
        return True
    if not _anonymous_user(user):
        assert user is not None
        return complaint.reporter_id == user.id or complaint.assisted_by_id == user.id
    return False


def reporter_identity_visible(user: User | None, complaint: Complaint) -> bool:
    """Anonymous: nobody. Confidential: verifiers only. Public: staff who may see the complaint."""
    if _anonymous_user(user):
        return False
    assert user is not None
    if complaint.privacy == Privacy.ANONYMOUS:
        return False
    if complaint.privacy == Privacy.CONFIDENTIAL:
        return user.role == Role.ADMIN
    if user.role in (Role.ADMIN, Role.LEADER):
        return True
    # Decided here, not left to the caller: a department sees the reporter only of its own complaints.
    return user.is_department_staff and complaint.department_id in department_ids_of(user)


def find_by_tracking_code(raw_code: str) -> Complaint | None:
    code = normalise_tracking_code(raw_code)
    if not code:
        return None
    return (
        Complaint.objects.select_related("category", "department", "area", "kecamatan", "merged_into")
        .filter(tracking_code=code)
        .first()
    )


def public_board(
    *, category_code: str = "", kecamatan_code: str = "", status: str = "", query: str = ""
) -> QuerySet[Complaint]:
    """Non-confidential complaints for anyone to see. Identity fields are never rendered from here."""
    complaints = (
        Complaint.objects.filter(status__in=BOARD_STATUSES)
        .exclude(privacy=Privacy.CONFIDENTIAL)
        .select_related("category", "department", "kecamatan", "area")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True)))
        .order_by("-created_at")
    )
    if category_code:
        complaints = complaints.filter(category__code=category_code)
    if kecamatan_code:
        complaints = complaints.filter(kecamatan__code=kecamatan_code)
    if status in BOARD_STATUSES:
        complaints = complaints.filter(status=status)
    if query:
        complaints = complaints.filter(Q(text__icontains=query) | Q(title__icontains=query))
    return complaints


def public_events(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return (
        complaint.events.filter(is_public=True)
        .select_related("department")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True)))
    )


def staff_events(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("department", "actor").prefetch_related("attachments")


def photos_are_public(complaint: Complaint) -> bool:
    """Photos are shown to everyone only once the complaint is on the public board (verified, not confidential).

    Until then, or for spam and duplicates, only the citizen and staff who may open the complaint see them.
    """
    return complaint.privacy != Privacy.CONFIDENTIAL and complaint.status in BOARD_STATUSES


# About 10 m: enough to find the street, not the house of the person who reported it. Only the complaint's own
# citizen and staff see the pin as it was set.
PUBLIC_COORDINATE_DIGITS = 4
EXACT_COORDINATE_DIGITS = 6  # the precision pins are stored with


def map_point(complaint: Complaint, *, exact: bool = False) -> tuple[float, float] | None:
    """(latitude, longitude) of the pin, or None without one: as set (`exact`, for the complaint's own citizen
    and staff), else rounded as public pages, the API and Open311 show it."""
    if complaint.latitude is None or complaint.longitude is None:
        return None
    digits = EXACT_COORDINATE_DIGITS if exact else PUBLIC_COORDINATE_DIGITS
    return round(float(complaint.latitude), digits), round(float(complaint.longitude), digits)


def public_merge_target(complaint: Complaint) -> Complaint | None:
    """The complaint this one was merged into, when the public may know it: a confidential one's tracking code
    is its reporter's to share, so it is never named to anyone else."""
    target = complaint.merged_into
    if target is None or target.privacy == Privacy.CONFIDENTIAL:
        return None
    return target


def public_attachments(complaint: Complaint) -> list[Attachment]:
    if not photos_are_public(complaint):
        return []
    return list(complaint.attachments.filter(is_public=True))


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    overdue: bool = False
    category_code: str = ""
    kecamatan_code: str = ""
    query: str = ""
    department_id: int | None = None
    sort: str = "due"


def inbox(user: User, filters: InboxFilters) -> QuerySet[Complaint]:
    """A staff member's working list: their department's complaints (all, for verifiers and leaders)."""
    complaints = visible_complaints(user).select_related("category", "department", "kecamatan", "area")
    if filters.status == "open" or not filters.status:
        open_statuses = DEPARTMENT_OPEN_STATUSES if user.is_department_staff else OPEN_STATUSES
        complaints = complaints.filter(status__in=open_statuses)
    elif filters.status != "all":
        complaints = complaints.filter(status=filters.status)
    if filters.overdue:
        complaints = overdue(complaints)
    if filters.category_code:
        complaints = complaints.filter(category__code=filters.category_code)
    if filters.kecamatan_code:
        complaints = complaints.filter(kecamatan__code=filters.kecamatan_code)
    if filters.department_id:
        complaints = complaints.filter(department_id=filters.department_id)
    if filters.query:
        query = filters.query.strip()
        matches = Q(text__icontains=query) | Q(title__icontains=query) | Q(address__icontains=query)
        # A tracking code, however typed ("sbt 7k3qx9"), is looked up exactly through its unique index.
        code = normalise_tracking_code(query)
        complaints = complaints.filter(matches | Q(tracking_code=code) if code else matches)
    if filters.sort == "newest":
        return complaints.order_by("-created_at")
    return complaints.order_by(_due_order(), "created_at")


def _due_order():  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F("resolve_due_at").asc(nulls_last=True)


def overdue(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Open complaints past a deadline that still applies (response or resolution)."""
    now = timezone.now()
    return complaints.filter(
        Q(status=Status.ASSIGNED, respond_due_at__lt=now)
        | Q(status__in=[Status.ASSIGNED, Status.IN_PROGRESS], resolve_due_at__lt=now)
        | Q(status__in=[Status.RECEIVED, Status.TRIAGE], verify_due_at__lt=now)
    )


def is_overdue(complaint: Complaint) -> bool:
    now = timezone.now()
    if complaint.status == Status.ASSIGNED and complaint.respond_due_at and complaint.respond_due_at < now:
        return True
    if complaint.status in (Status.ASSIGNED, Status.IN_PROGRESS) and complaint.resolve_due_at:
        return complaint.resolve_due_at < now
    if complaint.status in (Status.RECEIVED, Status.TRIAGE) and complaint.verify_due_at:
        return complaint.verify_due_at < now
    return False


def triage_queue() -> QuerySet[Complaint]:
    """Complaints waiting for a verifier: no department yet, or sent back by a department."""
    return (
        Complaint.objects.filter(status__in=[Status.RECEIVED, Status.TRIAGE])
        .select_related("category", "department", "kecamatan", "area")
        .order_by("created_at")
    )


def complaints_for_citizen(user: User) -> QuerySet[Complaint]:
    return visible_complaints(user).select_related("category", "department").order_by("-created_at")
