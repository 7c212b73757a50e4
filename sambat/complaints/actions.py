"""Every state change of a complaint. Keyword-only, typed, one transaction, one event per change.

Views, the API, channels and management commands call these functions and nothing else to change a
complaint. Permission to act is checked here too (`_require`), with the same rules the screens use.
"""

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.models import Category, Department
from sambat.agencies.queries import find_kelurahan, kecamatan_of
from sambat.complaints.choices import ActorKind, Channel, EventType, Kind, Privacy, RoutingSource, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent, Supporter
from sambat.complaints.queries import public_merge_target, role_actions
from sambat.complaints.wording import system_message
from sambat.complaints.workflow import Action, TransitionNotAllowed, target_status
from sambat.lib.codes import new_secret_key, new_tracking_code
from sambat.lib.images import CleanImage
from sambat.lib.text import clean_text
from sambat.notifications import messages as notify
from sambat.routing.actions import record_example
from sambat.routing.choices import ExampleKind
from sambat.routing.decide import RouteDecision, decide_route, suggestions_for
from sambat.sla import periods
from sambat.sla.calendar import add_working_days, working_days_between

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 100_000
INTAKE_KEY_LENGTH = 200

__all__ = ["TransitionNotAllowed"]

# After submitting, the citizen may still add photos (an app whose upload failed, a second picture) for this
# long, and only until the department first acts: staff must not find the evidence changed under them.
CITIZEN_PHOTO_WINDOW = dt.timedelta(hours=24)


# --- helpers ------------------------------------------------------------------------------------


def lock_complaint(complaint: Complaint) -> Complaint:
    """Re-read the row under a lock so two officers acting at once are serialised."""
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins select_related adds.
    return (
        Complaint.objects.select_for_update(of=("self",)).select_related("category", "department").get(pk=complaint.pk)
    )


def _begin(complaint: Complaint, action: Action, *, actor: User | None, staff: bool = True) -> tuple[Complaint, str]:
    """Lock the row, check who may act (staff actions) and the state, and move to the new status (unsaved).

    Returns the locked complaint and its previous status. Citizen actions (`staff=False`) are checked by the
    caller, who proved the requester owns the complaint.
    """
    complaint = lock_complaint(complaint)
    if staff:
        _require(actor, complaint, action)
    previous = complaint.status
    complaint.status = target_status(action, previous)
    return complaint, previous


def _require(actor: User | None, complaint: Complaint, action: Action) -> None:
    """PermissionDenied when the actor may never do this here; TransitionNotAllowed when only the state forbids it."""
    if action not in role_actions(actor, complaint):
        raise PermissionDenied(_("You may not do this on this complaint."))
    target_status(action, complaint.status)


def _actor_kind(actor: User | None) -> str:
    if actor is None:
        return ActorKind.SYSTEM
    kinds: dict[str, str] = {
        Role.ADMIN: ActorKind.VERIFIER,
        Role.LEADER: ActorKind.LEADER,
        Role.OFFICER: ActorKind.DEPARTMENT,
        Role.HEAD: ActorKind.DEPARTMENT,
        Role.KIM: ActorKind.ASSISTANT,
    }
    return kinds.get(actor.role, ActorKind.CITIZEN)


def record_event(
    complaint: Complaint,
    *,
    event_type: str,
    actor: User | None,
    actor_kind: str | None = None,
    from_status: str = "",
    public_message: str = "",
    internal_note: str = "",
    is_public: bool = True,
    photos: Sequence[CleanImage] = (),
    photos_public: bool = True,
    data: dict | None = None,
    department: Department | None = None,
) -> ComplaintEvent:
    """Append one step to the complaint's timeline. Actions here call it inside their transaction, with the
    complaint locked (`lock_complaint`); so do the connectors' own actions (SP4N-LAPOR!), which is why it is public.
    """
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        event_type=event_type,
        actor=actor,
        actor_kind=actor_kind or _actor_kind(actor),
        from_status=from_status,
        to_status=complaint.status,
        public_message=clean_text(public_message),
        internal_note=clean_text(internal_note),
        is_public=is_public,
        # The acting department (for a return, the one that gave the complaint back).
        department=department or complaint.department,
        data=data or {},
    )
    for photo in photos:
        _attach(complaint, event, photo, is_public=photos_public and complaint.privacy != Privacy.CONFIDENTIAL)
    return event


def _attach(complaint: Complaint, event: ComplaintEvent, photo: CleanImage, *, is_public: bool) -> Attachment:
    attachment = Attachment(
        complaint=complaint,
        event=event,
        created_at=event.created_at,
        size=len(photo.content),
        sha256=photo.sha256,
        original_name=photo.original_name,
        is_public=is_public,
    )
    stem = photo.sha256[:24]
    # The ContentFile needs a name: without one Django's ImageField sets width/height to None.
    image_name, thumb_name = f"{stem}.{photo.extension}", f"{stem}-thumb.{photo.extension}"
    attachment.image.save(image_name, ContentFile(photo.content, name=image_name), save=False)
    attachment.thumbnail.save(thumb_name, ContentFile(photo.thumbnail, name=thumb_name), save=False)
    attachment.save()
    return attachment


# Deadline lengths: the category's own working days, else the city's SAMBAT_SLA_* defaults (sla.periods).
_verify_days = periods.verify_days
_respond_days = periods.respond_days
_resolve_days = periods.resolve_days


def _set_department(complaint: Complaint, department: Department) -> list[str]:
    """Assign and restart the department's clocks; returns the changed field names."""
    now = timezone.now()
    complaint.department = department
    complaint.assigned_at = now
    complaint.respond_due_at = add_working_days(now, _respond_days(complaint.category))
    complaint.resolve_due_at = add_working_days(now, _resolve_days(complaint.category))
    complaint.first_response_at = None
    return ["department", "assigned_at", "respond_due_at", "resolve_due_at", "first_response_at"]


def _require_text(value: str, message: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(message)
    return cleaned


# --- submission and routing --------------------------------------------------------------------


def submit_complaint(
    *,
    text: str,
    kind: str = Kind.PENGADUAN,
    title: str = "",
    category: Category | None = None,
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    address: str = "",
    privacy: str = Privacy.PUBLIC,
    channel: str = Channel.WEB,
    channel_name: str = "",
    reporter: User | None = None,
    assisted_by: User | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    photos: Sequence[CleanImage] = (),
    extra: dict | None = None,
    intake_key: str = "",
    language: str = "",
) -> Complaint:
    """Store a new complaint from any channel, then route it (to a department or to triage).

    The complaint is stored whatever routing does: a routing failure sends it to triage, never loses it.
    Photos must already be cleaned (`lib.images.clean_images`), so a bad file fails before anything is saved.
    `intake_key` identifies the submission at its source (a form token, a channel's message id, an
    Idempotency-Key): a second submission with the same key returns the first complaint and creates nothing.
    `language` is the one the citizen wrote in (the request's, for the site, the app and Open311); empty means
    the city's default.
    """
    intake_key = intake_key.strip()[:INTAKE_KEY_LENGTH]
    if intake_key:
        earlier = Complaint.objects.filter(intake_key=intake_key).first()
        if earlier is not None:
            return earlier
    text = _require_text(text, _("Please describe your complaint."))
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(_("The text is too long."))
    if kind not in Kind.values:
        raise ValidationError(_("Unknown kind of report."))
    if category is not None and not category.is_active:
        raise ValidationError(_("This category is no longer in use."))
    if privacy not in Privacy.values:
        raise ValidationError(_("Unknown privacy option."))
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if len(photos) > settings.SAMBAT_MAX_IMAGES:
        raise ValidationError(_("At most %(count)d photos can be attached.") % {"count": settings.SAMBAT_MAX_IMAGES})
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("A location needs both latitude and longitude."))
    if latitude is not None and longitude is not None:
        latitude, longitude = _coordinate(latitude), _coordinate(longitude)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationError(_("The location is not a valid coordinate."))

    area = (
        find_kelurahan(lat=float(latitude), lon=float(longitude))
        if latitude is not None and longitude is not None
        else None
    )
    with transaction.atomic():
        complaint, created = _create_with_unique_code(
            intake_key=intake_key or None,
            kind=kind,
            title=clean_text(title)[:200],
            text=text,
            category=category,
            area=area,
            kecamatan=kecamatan_of(area),
            latitude=latitude,
            longitude=longitude,
            address=clean_text(address)[:300],
            privacy=privacy,
            channel=channel,
            channel_name=channel_name.strip()[:120],
            reporter=reporter,
            assisted_by=assisted_by,
            reporter_name=clean_text(reporter_name)[:120],
            reporter_phone=clean_text(reporter_phone)[:32],
            reporter_email=clean_text(reporter_email)[:254],
            extra=extra or {},
            language=language[:8],
            verify_due_at=add_working_days(timezone.now(), _verify_days(category)),
        )
        if not created:
            return complaint  # the same submission arrived twice at the same moment
        actor_kind = ActorKind.ASSISTANT if assisted_by else ActorKind.CITIZEN
        record_event(
            complaint,
            event_type=EventType.SUBMITTED,
            actor=reporter or assisted_by,
            actor_kind=actor_kind,
            photos=photos,
            data={"channel": channel},
        )
        notify.complaint_received(complaint)
        _route_new(complaint)
    return complaint


def _coordinate(value: Decimal | float | str) -> Decimal:
    """A coordinate with six decimals; NaN, infinity and non-numbers are refused, not stored."""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(_("The location is not a valid coordinate.")) from exc
    if not number.is_finite():
        raise ValidationError(_("The location is not a valid coordinate."))
    return number


def _create_with_unique_code(*, intake_key: str | None, **fields: object) -> tuple[Complaint, bool]:
    """The new complaint and True; or, when a concurrent submission with the same intake key won, that
    complaint and False."""
    for _attempt in range(8):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    tracking_code=new_tracking_code(), citizen_key=new_secret_key(), intake_key=intake_key, **fields
                )
                return complaint, True
        except IntegrityError:
            if intake_key:
                earlier = Complaint.objects.filter(intake_key=intake_key).first()
                if earlier is not None:
                    return earlier, False
            continue  # tracking code collision; try another
    raise RuntimeError("could not allocate a unique tracking code")


def _route_new(complaint: Complaint) -> None:
    # The reason is stored for the verifiers: in the city's language, whatever language the citizen used.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                decision = decide_route(text=complaint.text, category=complaint.category, area=complaint.area)
        except Exception:  # noqa: BLE001 - routing must never lose a complaint
            logger.exception("routing failed for %s; sending to triage", complaint.tracking_code)
            reason = _("Automatic routing failed")
            decision = RouteDecision(department=None, category=complaint.category, reason=reason)
    _apply_route(complaint, decision)


def _apply_route(complaint: Complaint, decision: RouteDecision) -> None:
    previous = complaint.status
    complaint.routing_suggestions = decision.suggestions
    if decision.category is not None and complaint.category_id is None:
        complaint.category = decision.category
    if decision.department is None:
        complaint.status = target_status(Action.SEND_TO_TRIAGE, previous)
        complaint.triage_reason = str(decision.reason)[:300]
        complaint.save(update_fields=["status", "triage_reason", "routing_suggestions", "category", "updated_at"])
        record_event(
            complaint,
            event_type=EventType.SENT_TO_TRIAGE,
            actor=None,
            from_status=previous,
            internal_note=str(decision.reason),
            data=system_message("being_verified"),
        )
        notify.staff_triage(complaint)
        return
    rule = getattr(decision, "rule", None)
    complaint.status = target_status(Action.ROUTE, previous)
    complaint.routing_source = decision.source
    complaint.auto_routing_source = decision.source
    complaint.routing_confidence = decision.confidence
    complaint.routing_rule = rule
    changed = _set_department(complaint, decision.department)
    complaint.save(
        update_fields=[
            *changed,
            "status",
            "routing_source",
            "auto_routing_source",
            "routing_confidence",
            "routing_rule",
            "routing_suggestions",
            "category",
            "updated_at",
        ]
    )
    record_event(
        complaint,
        event_type=EventType.ROUTED,
        actor=None,
        from_status=previous,
        # The rule's name is for staff only: rules are the city's internal working arrangements.
        internal_note=_("Routing rule: %(name)s") % {"name": rule.name} if rule is not None else "",
        data={
            "source": decision.source,
            "confidence": decision.confidence,
            "rule": rule.pk if rule is not None else None,
            **_routed_message(decision, decision.department),
        },
    )
    notify.complaint_assigned(complaint)


def _routed_message(decision: RouteDecision, department: Department) -> dict[str, object]:
    """The classifier says how sure it was ("dirutekan otomatis ... 87%"); rules and categories just say where."""
    if decision.source == RoutingSource.MODEL and decision.confidence is not None:
        percent = str(round(decision.confidence * 100))
        return system_message("routed_automatically", department=department.name, percent=percent)
    return system_message("routed", department=department.name)


def _mark_routing_corrected(complaint: Complaint) -> list[str]:
    """Remember, once, that staff overrode the system's automatic route (for the accuracy figures)."""
    if complaint.auto_routing_source and complaint.routing_corrected_at is None:
        complaint.routing_corrected_at = timezone.now()
        return ["routing_corrected_at"]
    return []


# --- verifier (Diskominfo) actions ----------------------------------------------------------


def assign_complaint(
    *, complaint: Complaint, actor: User, department: Department, category: Category | None = None, note: str = ""
) -> Complaint:
    """A verifier sends a complaint from triage to a department (optionally fixing its category)."""
    with transaction.atomic():
        complaint, previous = _begin(complaint, Action.ASSIGN, actor=actor)
        if not department.is_active:
            raise ValidationError(_("This department is not active."))
        if category is not None:
            complaint.category = category
        complaint.routing_source = RoutingSource.MANUAL
        complaint.routing_confidence = None
        complaint.triage_reason = ""
        changed = _set_department(complaint, department)
        complaint.save(
            update_fields=[
                *changed,
                "status",
                "category",
                "routing_source",
                "routing_confidence",
                "triage_reason",
                "updated_at",
            ]
        )
        record_event(
            complaint,
            event_type=EventType.ASSIGNED,
            actor=actor,
            from_status=previous,
            internal_note=note,
            data={
                "department": department.code,
                "category": complaint.category.code if complaint.category else None,
                **system_message("assigned", department=department.name),
            },
        )
        record_example(
            complaint_id=complaint.pk,
            kind=ExampleKind.TRIAGE_ASSIGNMENT,
            actor=actor,
            department=department,
            category=complaint.category,
        )
        notify.complaint_assigned(complaint)
    return complaint


def reassign_complaint(*, complaint: Complaint, actor: User, department: Department, note: str = "") -> Complaint:
    """A verifier moves a complaint to another department; the new department's clocks start."""
    with transaction.atomic():
        complaint, previous = _begin(complaint, Action.REASSIGN, actor=actor)
        if department.id == complaint.department_id:
            raise ValidationError(_("The complaint is already with this department."))
        if not department.is_active:
            raise ValidationError(_("This department is not active."))
        previous_department = complaint.department
        complaint.routing_source = RoutingSource.MANUAL
        complaint.paused_at = None
        changed = _set_department(complaint, department) + _mark_routing_corrected(complaint)
        complaint.save(update_fields=[*changed, "status", "routing_source", "paused_at", "updated_at"])
        record_event(
            complaint,
            event_type=EventType.REASSIGNED,
            actor=actor,
            from_status=previous,
            internal_note=note,
            data={
                "from_department": previous_department.code if previous_department else None,
                "department": department.code,
                **system_message("reassigned", department=department.name),
            },
        )
        record_example(
            complaint_id=complaint.pk,
            kind=ExampleKind.CORRECTION,
            actor=actor,
            department=department,
            category=complaint.category,
        )
        notify.complaint_assigned(complaint)
    return complaint


def correct_details(
    *, complaint: Complaint, actor: User, category: Category | None, kind: str | None = None, note: str = ""
) -> Complaint:
    """A verifier corrects the category or kind; the old values stay in the event."""
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        _require(actor, complaint, Action.CORRECT)
        before = {"category": complaint.category.code if complaint.category else None, "kind": complaint.kind}
        category_changed = complaint.category_id != (category.pk if category is not None else None)
        complaint.category = category
        if kind is not None:
            if kind not in Kind.values:
                raise ValidationError(_("Unknown kind of report."))
            complaint.kind = kind
        complaint.save(update_fields=["category", "kind", "updated_at"])
        record_event(
            complaint,
            event_type=EventType.DETAILS_CORRECTED,
            actor=actor,
            from_status=complaint.status,
            is_public=False,
            internal_note=note,
            data={"before": before, "after": {"category": category.code if category else None, "kind": complaint.kind}},
        )
        if category_changed and (category is not None or complaint.department is not None):
            record_example(
                complaint_id=complaint.pk,
                kind=ExampleKind.CATEGORY_CORRECTION,
                actor=actor,
                department=complaint.department,
                category=category,
            )
    return complaint


def reject_complaint(*, complaint: Complaint, actor: User, reason: str) -> Complaint:
    """A verifier rejects spam or out-of-scope reports; the reason is shown to the citizen."""
    reason = _require_text(reason, _("Please give the reason for rejecting."))
    with transaction.atomic():
        complaint, previous = _begin(complaint, Action.REJECT, actor=actor)
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["status", "closed_at", "updated_at"])
        event = record_event(
            complaint, event_type=EventType.REJECTED, actor=actor, from_status=previous, public_message=reason
        )
        notify.citizen_update(complaint, event)
    return complaint


def _merged_message(complaint: Complaint) -> dict[str, object]:
    """The merged report's public sentence; a confidential target's code is not this citizen's to know."""
    target = public_merge_target(complaint)
    return system_message("merged", code=target.tracking_code) if target else system_message("merged_unnamed")


def merge_complaint(*, complaint: Complaint, actor: User, into: Complaint, note: str = "") -> Complaint:
    """A verifier merges a duplicate into the complaint that will carry the handling."""
    with transaction.atomic():
        if into.pk == complaint.pk:
            raise ValidationError(_("A complaint cannot be merged into itself."))
        # Lock both rows in id order, so "A into B" and "B into A" at the same moment cannot deadlock.
        locked = {
            row.pk: row
            for row in Complaint.objects.select_for_update(of=("self",))
            .select_related("category", "department")
            .filter(pk__in=[complaint.pk, into.pk])
            .order_by("pk")
        }
        complaint, target = locked[complaint.pk], locked[into.pk]
        _require(actor, complaint, Action.MERGE)
        if target.status in (Status.MERGED, Status.REJECTED):
            raise ValidationError(_("The target complaint is itself merged or rejected."))
        previous = complaint.status
        complaint.status = target_status(Action.MERGE, previous)
        complaint.merged_into = target
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
        event = record_event(
            complaint,
            event_type=EventType.MERGED,
            actor=actor,
            from_status=previous,
            internal_note=note,
            data={"into": target.tracking_code, **_merged_message(complaint)},
        )
        record_event(
            target,
            event_type=EventType.NOTE,
            actor=actor,
            from_status=target.status,
            is_public=False,
            internal_note=_("%(code)s was merged into this complaint.") % {"code": complaint.tracking_code},
            data={"merged": complaint.tracking_code},
        )
        notify.citizen_update(complaint, event)
    return complaint


# --- department actions ---------------------------------------------------------------------


def _department_step(
    *,
    complaint: Complaint,
    actor: User,
    action: Action,
    event_type: str,
    message: str = "",
    note: str = "",
    photos: Sequence[CleanImage] = (),
    extra_fields: dict[str, object] | None = None,
    data: dict | None = None,
) -> tuple[Complaint, ComplaintEvent]:
    complaint, previous = _begin(complaint, action, actor=actor)
    now = timezone.now()
    fields = ["status", "updated_at"]
    if event_type == EventType.RESPONDED and complaint.first_response_at is not None:
        # Decided on the locked row: the caller's copy may predate another officer's answer.
        event_type = EventType.PROGRESS
    if complaint.first_response_at is None and action in (
        Action.START,
        Action.RESPOND,
        Action.REQUEST_INFO,
        Action.RESOLVE,
    ):
        complaint.first_response_at = now
        fields.append("first_response_at")
    for name, value in (extra_fields or {}).items():
        setattr(complaint, name, value)
        fields.append(name)
    complaint.save(update_fields=fields)
    event = record_event(
        complaint,
        event_type=event_type,
        actor=actor,
        from_status=previous,
        public_message=message,
        internal_note=note,
        photos=photos,
        data=data,
    )
    return complaint, event


def start_progress(*, complaint: Complaint, actor: User, message: str = "") -> Complaint:
    with transaction.atomic():
        complaint, event = _department_step(
            complaint=complaint,
            actor=actor,
            action=Action.START,
            event_type=EventType.PROGRESS,
            message=message,
            data=None if message.strip() else system_message("working_on_it"),
        )
        notify.citizen_update(complaint, event)
    return complaint


def respond(*, complaint: Complaint, actor: User, message: str, photos: Sequence[CleanImage] = ()) -> Complaint:
    """A public answer from the department (the first one stops the response clock)."""
    message = _require_text(message, _("Please write the response."))
    with transaction.atomic():
        complaint, event = _department_step(
            complaint=complaint,
            actor=actor,
            action=Action.RESPOND,
            event_type=EventType.RESPONDED,
            message=message,
            photos=photos,
        )
        notify.citizen_update(complaint, event)
    return complaint


def request_information(*, complaint: Complaint, actor: User, question: str) -> Complaint:
    """Ask the citizen for more information; the clocks pause until they reply."""
    question = _require_text(question, _("Please write what information you need."))
    with transaction.atomic():
        complaint, event = _department_step(
            complaint=complaint,
            actor=actor,
            action=Action.REQUEST_INFO,
            event_type=EventType.INFO_REQUESTED,
            message=question,
            extra_fields={"paused_at": timezone.now()},
        )
        notify.citizen_update(complaint, event)
    return complaint


def resolve_complaint(
    *, complaint: Complaint, actor: User, message: str, photos: Sequence[CleanImage] = ()
) -> Complaint:
    """Announce the result, with proof photos of the fix."""
    message = _require_text(message, _("Please describe how it was handled."))
    with transaction.atomic():
        complaint, event = _department_step(
            complaint=complaint,
            actor=actor,
            action=Action.RESOLVE,
            event_type=EventType.RESOLVED,
            message=message,
            photos=photos,
            extra_fields={"resolved_at": timezone.now()},
        )
        notify.citizen_update(complaint, event)
    return complaint


def return_not_our_remit(*, complaint: Complaint, actor: User, reason: str) -> Complaint:
    """'Bukan kewenangan': the department sends the complaint back to the verifiers with a reason."""
    reason = _require_text(reason, _("Please explain why this is not your department's remit."))
    with transaction.atomic():
        complaint, previous = _begin(complaint, Action.RETURN, actor=actor)
        returned_from = complaint.department
        with translation.override(settings.LANGUAGE_CODE):  # stored for the verifiers, in the city's language
            returned = _("Returned by %(department)s: %(reason)s") % {"department": returned_from, "reason": reason}
        complaint.triage_reason = returned[:300]
        complaint.department = None
        complaint.assigned_at = None
        complaint.respond_due_at = None
        complaint.resolve_due_at = None
        complaint.verify_due_at = add_working_days(timezone.now(), _verify_days(complaint.category))
        # The verifier gets the classifier's other candidates, one click each.
        complaint.routing_suggestions = suggestions_for(complaint.text, exclude=returned_from)
        corrected = _mark_routing_corrected(complaint)
        complaint.save(
            update_fields=[
                *corrected,
                "status",
                "triage_reason",
                "routing_suggestions",
                "department",
                "assigned_at",
                "respond_due_at",
                "resolve_due_at",
                "verify_due_at",
                "updated_at",
            ]
        )
        record_event(
            complaint,
            event_type=EventType.RETURNED,
            actor=actor,
            from_status=previous,
            internal_note=reason,
            department=returned_from,
            data={"from_department": returned_from.code if returned_from else None, **system_message("rechecking")},
        )
        record_example(
            complaint_id=complaint.pk,
            kind=ExampleKind.NOT_OUR_REMIT,
            actor=actor,
            rejected_department=returned_from,
            category=complaint.category,
        )
        notify.staff_triage(complaint)
    return complaint


def add_note(*, complaint: Complaint, actor: User, note: str) -> ComplaintEvent:
    """An internal note for staff; never shown publicly."""
    note = _require_text(note, _("The note is empty."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        _require(actor, complaint, Action.NOTE)
        return record_event(
            complaint,
            event_type=EventType.NOTE,
            actor=actor,
            from_status=complaint.status,
            internal_note=note,
            is_public=False,
        )


def add_instruction(*, complaint: Complaint, actor: User, instruction: str) -> ComplaintEvent:
    """A leader's instruction (disposisi pimpinan) to the department; internal, highlighted to staff."""
    instruction = _require_text(instruction, _("The instruction is empty."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        _require(actor, complaint, Action.INSTRUCT)
        event = record_event(
            complaint,
            event_type=EventType.INSTRUCTION,
            actor=actor,
            from_status=complaint.status,
            internal_note=instruction,
            is_public=False,
        )
        notify.staff_instruction(complaint, event)
        return event


# --- citizen actions (the caller has proved the citizen owns the complaint) -----------------


def _citizen_step(complaint: Complaint, action: Action) -> tuple[Complaint, str]:
    return _begin(complaint, action, actor=None, staff=False)


def citizen_reply(
    *, complaint: Complaint, message: str, actor: User | None = None, photos: Sequence[CleanImage] = ()
) -> Complaint:
    """The citizen answers a request for information; the paused clocks resume, shifted by the pause."""
    message = _require_text(message, _("Please write your reply."))
    with transaction.atomic():
        complaint, previous = _citizen_step(complaint, Action.CITIZEN_REPLY)
        fields = ["status", "paused_at", "updated_at"]
        if complaint.paused_at is not None:
            # The clocks stood still for the working days the citizen took; deadlines stay on working days.
            paused_days = working_days_between(complaint.paused_at, timezone.now())
            for name in ("respond_due_at", "resolve_due_at"):
                due = getattr(complaint, name)
                if due is not None and paused_days:
                    setattr(complaint, name, add_working_days(due, paused_days))
                    fields.append(name)
        complaint.paused_at = None
        complaint.save(update_fields=fields)
        event = record_event(
            complaint,
            event_type=EventType.CITIZEN_REPLIED,
            actor=actor,
            actor_kind=ActorKind.CITIZEN,
            from_status=previous,
            public_message=message,
            photos=photos,
        )
        notify.staff_citizen_replied(complaint, event)
    return complaint


def reopen_complaint(*, complaint: Complaint, reason: str, actor: User | None = None) -> Complaint:
    """The citizen is not satisfied: back to the department, within the reopen window."""
    from sambat.complaints.queries import reopen_window_open

    reason = _require_text(reason, _("Please tell us why the complaint is not resolved."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        target_status(Action.REOPEN, complaint.status)  # the state's own message comes first
        if not reopen_window_open(complaint):
            raise TransitionNotAllowed(_("The period for reopening this complaint has ended."))
        complaint, previous = _citizen_step(complaint, Action.REOPEN)
        complaint.reopen_count += 1
        complaint.resolved_at = None
        complaint.resolve_due_at = add_working_days(timezone.now(), _resolve_days(complaint.category))
        complaint.save(update_fields=["status", "reopen_count", "resolved_at", "resolve_due_at", "updated_at"])
        event = record_event(
            complaint,
            event_type=EventType.REOPENED,
            actor=actor,
            actor_kind=ActorKind.CITIZEN,
            from_status=previous,
            public_message=reason,
        )
        notify.staff_citizen_replied(complaint, event)
    return complaint


def rate_complaint(*, complaint: Complaint, rating: int, comment: str = "", actor: User | None = None) -> Complaint:
    """The citizen rates the handling (1–5). Rating a resolved complaint confirms and closes it."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(_("The rating must be between 1 and 5."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        target_status(Action.RATE, complaint.status)
        if complaint.rating is not None:
            raise TransitionNotAllowed(_("This complaint has already been rated."))
        previous = complaint.status
        complaint.rating = rating
        complaint.rating_comment = clean_text(comment)[:2000]
        fields = ["rating", "rating_comment", "updated_at"]
        if previous == Status.RESOLVED:
            complaint.status = target_status(Action.CONFIRM, previous)
            complaint.closed_at = timezone.now()
            fields += ["status", "closed_at"]
        complaint.save(update_fields=fields)
        record_event(
            complaint,
            event_type=EventType.RATED,
            actor=actor,
            actor_kind=ActorKind.CITIZEN,
            from_status=previous,
            public_message=complaint.rating_comment,
            data={"rating": rating},
        )
    return complaint


def auto_close(*, complaint: Complaint, resolved_at: dt.datetime | None = None) -> Complaint:
    """Close a resolved complaint the citizen did not answer within the quiet period (used by the SLA sweep).

    `resolved_at` is the resolution whose quiet period the caller measured: if the complaint was reopened and
    resolved again since, its new quiet period has only begun and TransitionNotAllowed is raised.
    """
    with transaction.atomic():
        complaint, previous = _citizen_step(complaint, Action.AUTO_CLOSE)
        if resolved_at is not None and complaint.resolved_at != resolved_at:
            raise TransitionNotAllowed(_("The complaint was resolved again; its quiet period starts over."))
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["status", "closed_at", "updated_at"])
        event = record_event(
            complaint,
            event_type=EventType.CLOSED,
            actor=None,
            from_status=previous,
            data=system_message("auto_closed"),
        )
        notify.citizen_update(complaint, event)
    return complaint


def citizen_photos_window_open(complaint: Complaint) -> bool:
    """The citizen may still add photos: recently submitted and nobody has acted on it yet."""
    return (
        complaint.status in (Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED)
        and complaint.first_response_at is None
        and timezone.now() - complaint.created_at <= CITIZEN_PHOTO_WINDOW
    )


def add_citizen_photos(
    *, complaint: Complaint, photos: Sequence[CleanImage], actor: User | None = None
) -> ComplaintEvent:
    """The citizen adds photos to their report after sending it, while `citizen_photos_window_open` holds.

    The caller has proved the requester owns the complaint. The photos arrive as a citizen step on the timeline,
    with the same public/confidential rule as the photos sent with the report; the status does not change.
    """
    if not photos:
        raise ValidationError(_("Please attach at least one photo."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        if not citizen_photos_window_open(complaint):
            raise TransitionNotAllowed(_("Photos can no longer be added to this report. Send them with a reply."))
        if complaint.attachments.count() + len(photos) > settings.SAMBAT_MAX_IMAGES:
            raise ValidationError(
                _("A report can have at most %(count)d photos.") % {"count": settings.SAMBAT_MAX_IMAGES}
            )
        return record_event(
            complaint,
            event_type=EventType.CITIZEN_REPLIED,
            actor=actor,
            actor_kind=ActorKind.CITIZEN,
            from_status=complaint.status,
            photos=photos,
            data={"photos_added": len(photos), **system_message("photos_added", count=str(len(photos)))},
        )


# --- supporters ("+1"): citizens who follow a public complaint ---------------------------------------------
# Supporting is not a step in the complaint's handling, so it writes no ComplaintEvent; the count is public.

# While the department still works on it; a finished complaint is reopened by its citizen, not supported.
SUPPORTABLE_STATUSES = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO})


def support_complaint(*, complaint: Complaint, user: User) -> Supporter:
    """The citizen supports and follows a complaint on the public board. Supporting twice changes nothing."""
    if not user.is_active or user.role != Role.CITIZEN:
        raise PermissionDenied(_("Only citizens can support a complaint."))
    if complaint.privacy == Privacy.CONFIDENTIAL:
        raise PermissionDenied(_("Only complaints on the public board can be supported."))
    if complaint.reporter_id == user.id:
        raise ValidationError(_("You already follow your own complaint."))
    if complaint.status not in SUPPORTABLE_STATUSES:
        raise TransitionNotAllowed(
            _("This complaint cannot be supported while it is “%(status)s”.")
            % {"status": Status(complaint.status).label}
        )
    try:
        with transaction.atomic():
            supporter, _created = Supporter.objects.get_or_create(complaint=complaint, user=user)
    except IntegrityError:
        # The same citizen's second request won the race for the unique (complaint, user) row.
        supporter = Supporter.objects.get(complaint=complaint, user=user)
    return supporter


def withdraw_support(*, complaint: Complaint, user: User) -> bool:
    """The citizen no longer supports the complaint; True when there was a support to withdraw."""
    deleted, _details = Supporter.objects.filter(complaint=complaint, user=user).delete()
    return deleted > 0
