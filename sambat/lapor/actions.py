"""Every change the SP4N-LAPOR! connector makes: forwarding, queuing pushes, recording LAPOR!'s answers and updates.

Complaint events are written with `complaints.actions.record_event`, the helper every complaint action uses, so LAPOR!'s
updates look on the timeline like any other step; new complaints from LAPOR! go through `submit_complaint`.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sambat.accounts.models import User
from sambat.complaints.actions import lock_complaint, record_event, submit_complaint
from sambat.complaints.choices import ActorKind, Channel, EventType, Kind, Privacy, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.workflow import TransitionNotAllowed
from sambat.lapor import payloads
from sambat.lapor.choices import InboundState, LinkOrigin, PushKind, PushStatus
from sambat.lapor.client import connector_enabled
from sambat.lapor.models import LaporInbound, LaporLink, LaporOutbox
from sambat.lapor.queries import NOT_FORWARDABLE, may_forward_as
from sambat.lib.text import clean_text
from sambat.notifications import messages as notify

logger = logging.getLogger(__name__)

CHANNEL_NAME = "SP4N-LAPOR!"
# Feed items of these kinds (LAPOR!'s "jenis") are understood; any other is kept and marked failed.
DISPOSITION, FOLLOW_UP, STATUS_CHANGE = "disposisi", "tindak_lanjut", "status"


def idempotency_key(event: ComplaintEvent) -> str:
    """One key per event: a retried push of the same event is the same request to LAPOR!."""
    return f"sambat-{event.pk}"


# --- forwarding and queuing ---------------------------------------------------------------------------------------


def forward_to_lapor(*, complaint: Complaint, actor: User | None) -> LaporLink:
    """Forward a complaint to SP4N-LAPOR!: the link, the report's outbox row and the LAPOR_SENT event, in one
    transaction. `actor` None is the automatic forward of SAMBAT_LAPOR_FORWARD_ALL.

    Confidential complaints may be forwarded (LAPOR! keeps them "rahasia"); no complaint's reporter is identified
    beyond the name of a public one (`payloads`).
    """
    if not connector_enabled():
        raise ValidationError(_("The SP4N-LAPOR! connector is not configured."))
    if actor is not None and not may_forward_as(actor):
        raise PermissionDenied(_("Only verifiers may forward complaints to SP4N-LAPOR!."))
    with transaction.atomic():
        complaint = lock_complaint(complaint)
        if complaint.status in NOT_FORWARDABLE:
            raise TransitionNotAllowed(_("A rejected or merged complaint is not forwarded to SP4N-LAPOR!."))
        if LaporLink.objects.filter(complaint=complaint).exists():
            raise ValidationError(_("This complaint is already linked to SP4N-LAPOR!."))
        link = LaporLink.objects.create(complaint=complaint, origin=LinkOrigin.SAMBAT, forwarded_by=actor)
        event = record_event(
            complaint,
            event_type=EventType.LAPOR_SENT,
            actor=actor,  # a verifier, or None: the system (SAMBAT_LAPOR_FORWARD_ALL)
            from_status=complaint.status,
        )
        LaporOutbox.objects.create(
            kind=PushKind.REPORT,
            complaint=complaint,
            event=event,
            payload=payloads.report_payload(complaint),
            idempotency_key=idempotency_key(event),
            next_attempt_at=timezone.now(),
        )
    return link


def on_complaint_event(event: ComplaintEvent) -> None:
    """A complaint event was just written (inside its action's transaction): queue it for LAPOR! when the
    complaint is linked, or forward the complaint when SAMBAT_LAPOR_FORWARD_ALL applies to it."""
    if payloads.push_kind(event) is None or not connector_enabled():
        return
    try:
        # A savepoint: if queuing fails the citizen's or officer's action still stands (and the error is logged),
        # rather than a connector problem undoing, say, a submission.
        with transaction.atomic():
            if LaporLink.objects.filter(complaint_id=event.complaint_id).exists():
                queue_event(event)
            elif _forward_automatically(event):
                forward_to_lapor(complaint=event.complaint, actor=None)
    except Exception:
        logger.exception("could not queue event %s of complaint %s for SP4N-LAPOR!", event.pk, event.complaint_id)


def _forward_automatically(event: ComplaintEvent) -> bool:
    """SAMBAT_LAPOR_FORWARD_ALL: a public complaint is forwarded when it is accepted and reaches a department
    (routed or assigned from verification), so spam the verifiers reject never leaves the city."""
    complaint = event.complaint
    return (
        settings.SAMBAT_LAPOR_FORWARD_ALL
        and complaint.privacy == Privacy.PUBLIC
        and complaint.channel != Channel.LAPOR
        and event.to_status == Status.ASSIGNED
        and event.from_status in (Status.RECEIVED, Status.TRIAGE)
    )


def queue_event(event: ComplaintEvent) -> LaporOutbox | None:
    """Queue a linked complaint's public event as a follow-up or a status change; once per event."""
    kind = payloads.push_kind(event)
    if kind is None:
        return None
    row, _created = LaporOutbox.objects.get_or_create(
        idempotency_key=idempotency_key(event),
        defaults={
            "kind": kind,
            "complaint_id": event.complaint_id,
            "event": event,
            "payload": payloads.event_payload(event, kind),
            "next_attempt_at": timezone.now(),
        },
    )
    return row


# --- the worker's bookkeeping -------------------------------------------------------------------------------------


def acknowledge_push(*, row_id: int, answer: dict[str, Any]) -> None:
    """LAPOR! accepted an outbox row: mark it sent and, for a report, store LAPOR!'s id and tracking number."""
    now = timezone.now()
    with transaction.atomic():
        row = LaporOutbox.objects.select_for_update().get(pk=row_id)
        if row.status == PushStatus.SENT:
            return  # a second worker whose lease overlapped already recorded the same answer
        link = LaporLink.objects.select_for_update().get(complaint_id=row.complaint_id)
        fields = ["last_pushed_at"]
        link.last_pushed_at = now
        if isinstance(answer.get("status"), str) and answer["status"] in payloads.LAPOR_STATUSES:
            link.lapor_status = answer["status"]
            fields.append("lapor_status")
        if row.kind == PushKind.REPORT:
            _acknowledge_report(link, answer, now=now, fields=fields)
        link.save(update_fields=fields)
        row.status = PushStatus.SENT
        row.sent_at = now
        row.response_id = str(answer.get("id", ""))[:64]
        row.last_error = ""
        row.save(update_fields=["status", "sent_at", "response_id", "last_error"])


def _acknowledge_report(link: LaporLink, answer: dict[str, Any], *, now: dt.datetime, fields: list[str]) -> None:
    report_id = str(answer["id"])[:64]
    if link.report_id and link.report_id != report_id:
        # Already linked by LAPOR!'s own disposition of this report (matched by our tracking code); keep that id.
        logger.warning(
            "SP4N-LAPOR! acknowledged %s as %s, already linked as %s", link.complaint_id, report_id, link.report_id
        )
        return
    link.report_id = report_id
    link.tracking_number = str(answer.get("nomor_tracking", ""))[:64]
    link.acknowledged_at = link.acknowledged_at or now
    fields += ["report_id", "tracking_number", "acknowledged_at"]


def retry_now(*, row_ids: list[int]) -> int:
    """Send refused or waiting rows at the next run (the admin's "retry now"); sent rows stay as they are."""
    return LaporOutbox.objects.filter(pk__in=row_ids, status__in=[PushStatus.PENDING, PushStatus.FAILED]).update(
        status=PushStatus.PENDING, next_attempt_at=timezone.now()
    )


# --- updates pulled from LAPOR! -------------------------------------------------------------------------------------


class BadItem(ValueError):
    """A feed item that does not follow the contract; kept with this message, never applied."""


def store_update(item: object) -> tuple[LaporInbound, bool] | None:
    """Keep a pulled item raw, once per LAPOR! id: the row and whether it is new (a redelivery only counts up
    `times_received`).

    None for an item without an id: it cannot be told apart from a redelivery, so it is logged, not stored.
    """
    lapor_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(lapor_id, str) or not lapor_id.strip():
        logger.warning("SP4N-LAPOR! sent a feed item without an id: %.200r", item)
        return None
    report_id = item.get("laporan_id")
    inbound, created = LaporInbound.objects.get_or_create(
        lapor_id=lapor_id.strip()[:100],
        defaults={
            "kind": str(item.get("jenis", ""))[:32],
            "report_id": report_id[:64] if isinstance(report_id, str) else "",
            "payload": item,
        },
    )
    if not created:
        LaporInbound.objects.filter(pk=inbound.pk).update(times_received=F("times_received") + 1)
    return inbound, created


def apply_update(*, inbound_id: int) -> str:
    """Turn one stored item into its effect on Sambat, exactly once; returns the item's new state.

    The claim (a conditional UPDATE) and the effect share one transaction: a second worker waits for the first and
    then finds nothing left to claim; a crash leaves the item as it was, to be applied by the next run.
    """
    with transaction.atomic():
        claimed = LaporInbound.objects.filter(
            pk=inbound_id, state__in=[InboundState.NEW, InboundState.UNMATCHED]
        ).update(processed_at=timezone.now())
        inbound = LaporInbound.objects.get(pk=inbound_id)
        if not claimed:
            return inbound.state
        try:
            with transaction.atomic():
                state, complaint, event = _apply(inbound.payload)
        except (BadItem, ValidationError, TransitionNotAllowed, IntegrityError) as exc:
            state, complaint, event = InboundState.FAILED, None, None
            inbound.error = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            logger.warning("SP4N-LAPOR! update %s not applied: %s", inbound.lapor_id, inbound.error)
        else:
            inbound.error = ""
        inbound.state, inbound.complaint, inbound.event = state, complaint, event
        inbound.save(update_fields=["state", "complaint", "event", "error"])
        return state


def _apply(item: dict[str, Any]) -> tuple[str, Complaint | None, ComplaintEvent | None]:
    kind = item.get("jenis")
    report_id = _text(item, "laporan_id", required=True)
    reference = item.get("referensi")
    if isinstance(reference, str) and LaporOutbox.objects.filter(idempotency_key=reference).exists():
        return InboundState.IGNORED, None, None  # LAPOR!'s echo of what Sambat itself sent
    if kind == DISPOSITION:
        return _apply_disposition(item, report_id)
    if kind not in (FOLLOW_UP, STATUS_CHANGE):
        raise BadItem(f"unknown jenis {kind!r}")
    link = LaporLink.objects.filter(report_id=report_id).first()
    if link is None:
        return InboundState.UNMATCHED, None, None  # arrived before LAPOR! acknowledged our report; retried later
    event = _record_update(link, item)
    return InboundState.APPLIED, link.complaint, event


def _apply_disposition(item: dict[str, Any], report_id: str) -> tuple[str, Complaint | None, ComplaintEvent | None]:
    """A report disposed to the city: an update on the complaint it came from, or a new complaint."""
    report = item.get("laporan")
    if not isinstance(report, dict):
        raise BadItem("disposisi without laporan")
    link = LaporLink.objects.filter(report_id=report_id).first() or _forwarded_but_unacknowledged(report, report_id)
    if link is not None:
        return InboundState.APPLIED, link.complaint, _record_update(link, item)
    complaint = _complaint_from_report(report, report_id)
    link, _created = LaporLink.objects.get_or_create(
        complaint=complaint,
        defaults={
            "origin": LinkOrigin.LAPOR,
            "report_id": report_id,
            "tracking_number": _text(report, "nomor_tracking")[:64],
            "lapor_status": _lapor_status(item),
            "acknowledged_at": timezone.now(),
            "last_pulled_at": timezone.now(),
        },
    )
    # Tell LAPOR! where the report went (routed to a department, or being verified).
    latest = complaint.events.filter(is_public=True).order_by("-created_at", "-id").first()
    if latest is not None:
        queue_event(latest)
    return InboundState.APPLIED, complaint, None


def _forwarded_but_unacknowledged(report: dict[str, Any], report_id: str) -> LaporLink | None:
    """Our own forwarded complaint, disposed back before LAPOR!'s answer to the push reached us (our tracking code
    is its "referensi"): link it now rather than make a second complaint."""
    reference = report.get("referensi")
    if not isinstance(reference, str) or not reference:
        return None
    link = (
        LaporLink.objects.select_for_update()
        .filter(complaint__tracking_code=reference, origin=LinkOrigin.SAMBAT, report_id="")
        .first()
    )
    if link is not None:
        link.report_id = report_id
        link.tracking_number = _text(report, "nomor_tracking")[:64]
        link.acknowledged_at = timezone.now()
        link.save(update_fields=["report_id", "tracking_number", "acknowledged_at"])
    return link


def _complaint_from_report(report: dict[str, Any], report_id: str) -> Complaint:
    privacy = _privacy_from_lapor(report.get("privasi"))
    reporter = report.get("pelapor")
    given_location = report.get("lokasi")
    location: dict[str, Any] = given_location if isinstance(given_location, dict) else {}
    latitude, longitude = location.get("lat"), location.get("lon")
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in (latitude, longitude)):
        latitude = longitude = None
    return submit_complaint(
        text=_text(report, "isi", required=True),
        title=_text(report, "judul"),
        kind=payloads.KIND_FROM_LAPOR.get(str(report.get("klasifikasi")), Kind.PENGADUAN),
        privacy=privacy,
        latitude=latitude,
        longitude=longitude,
        address=_text(location, "alamat"),
        channel=Channel.LAPOR,
        channel_name=CHANNEL_NAME,
        # Only a public report's name is kept; an anonymous or confidential one stays unnamed here too.
        reporter_name=_text(reporter, "nama") if privacy == Privacy.PUBLIC and isinstance(reporter, dict) else "",
        intake_key=f"lapor:{report_id}",
    )


def _privacy_from_lapor(value: object) -> str:
    """LAPOR!'s privacy in Sambat's terms; anything unknown is treated as the most private."""
    return payloads.PRIVACY_FROM_LAPOR.get(str(value), Privacy.CONFIDENTIAL)


def _record_update(link: LaporLink, item: dict[str, Any]) -> ComplaintEvent:
    """LAPOR!'s follow-up, disposition or status change as a LAPOR_UPDATE event; public when LAPOR!'s item is."""
    complaint = lock_complaint(link.complaint)
    public = item.get("publik") is True
    text = clean_text(_text(item, "isi"))
    agency_name = _text(item.get("instansi"), "nama")
    notes = [] if public else [text]
    if item.get("jenis") == DISPOSITION and agency_name:
        notes.append(_("Disposed in SP4N-LAPOR! to %(agency)s.") % {"agency": agency_name})
    status = _lapor_status(item)
    event = record_event(
        complaint,
        event_type=EventType.LAPOR_UPDATE,
        actor=None,
        actor_kind=ActorKind.LAPOR,
        from_status=complaint.status,
        public_message=text if public else "",
        internal_note="\n".join(note for note in notes if note),
        is_public=public,
        data={"lapor": {"id": item.get("id"), "jenis": item.get("jenis"), "status": status, "instansi": agency_name}},
    )
    link.last_pulled_at = timezone.now()
    fields = ["last_pulled_at"]
    if status:
        link.lapor_status = status
        fields.append("lapor_status")
    link.save(update_fields=fields)
    if public and text:
        notify.citizen_update(complaint, event)
    return event


def _lapor_status(item: dict[str, Any]) -> str:
    status = item.get("status")
    return status if isinstance(status, str) and status in payloads.LAPOR_STATUSES else ""


def _text(container: object, field: str, *, required: bool = False) -> str:
    value = container.get(field) if isinstance(container, dict) else None
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadItem(f"{field} must be {'a non-empty' if required else 'a'} string")
    return value.strip()
