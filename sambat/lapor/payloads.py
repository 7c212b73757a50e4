"""What Sambat tells SP4N-LAPOR!: the JSON bodies of docs/lapor.md, built from a complaint or one of its events.

Least exposure: texts pass through `redact_personal_data` (LAPOR! publishes public reports, as Sambat's board
does), the reporter is named only on public complaints, and phone numbers, e-mail addresses and NIK are never
sent. Internal notes are never read here.
"""

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from sambat.complaints.choices import ActorKind, EventType, Kind, Privacy, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.wording import event_message
from sambat.lapor.choices import PushKind
from sambat.lib.redact import redact_personal_data

# LAPOR! is a national Indonesian system: what Sambat says there is said in Indonesian.
LAPOR_LANGUAGE = "id"

# Sambat status → LAPOR! status ("status" in every body; docs/lapor.md has the table).
LAPOR_STATUS: dict[str, str] = {
    Status.RECEIVED: "diterima",
    Status.TRIAGE: "verifikasi",
    Status.ASSIGNED: "didisposisikan",
    Status.IN_PROGRESS: "ditindaklanjuti",
    Status.NEEDS_INFO: "menunggu_pelapor",
    Status.RESOLVED: "selesai",
    Status.CLOSED: "ditutup",
    Status.REJECTED: "ditolak",
    Status.MERGED: "digabungkan",
}
LAPOR_STATUSES = frozenset(LAPOR_STATUS.values())

# LAPOR! knows three classifications; a tip (informasi) reports a problem, so it travels as a complaint.
KLASIFIKASI: dict[str, str] = {
    Kind.PENGADUAN: "pengaduan",
    Kind.ASPIRASI: "aspirasi",
    Kind.PERMINTAAN_INFORMASI: "permintaan_informasi",
    Kind.INFORMASI: "pengaduan",
}
KIND_FROM_LAPOR: dict[str, str] = {
    "pengaduan": Kind.PENGADUAN,
    "aspirasi": Kind.ASPIRASI,
    "permintaan_informasi": Kind.PERMINTAAN_INFORMASI,
}

PRIVASI: dict[str, str] = {Privacy.PUBLIC: "publik", Privacy.ANONYMOUS: "anonim", Privacy.CONFIDENTIAL: "rahasia"}
PRIVACY_FROM_LAPOR: dict[str, str] = {value: key for key, value in PRIVASI.items()}

# Who spoke in a follow-up ("pelaku").
PELAKU: dict[str, str] = {
    ActorKind.CITIZEN: "pelapor",
    ActorKind.ASSISTANT: "pelapor",
    ActorKind.DEPARTMENT: "instansi",
    ActorKind.VERIFIER: "admin",
    ActorKind.LEADER: "admin",
    ActorKind.SYSTEM: "sistem",
}

# Events that are never pushed as follow-ups: the submission is the report itself, LAPOR_SENT marks the forward,
# and LAPOR_UPDATE came from LAPOR! (sending it back would echo it for ever).
NOT_PUSHED = frozenset({EventType.SUBMITTED, EventType.LAPOR_SENT, EventType.LAPOR_UPDATE})


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 with the city's UTC offset, as LAPOR!'s "dibuat_pada" fields."""
    return timezone.localtime(moment).isoformat()


def report_payload(complaint: Complaint) -> dict[str, Any]:
    """POST /laporan: the complaint as a LAPOR! report."""
    department = complaint.department
    return {
        "referensi": complaint.tracking_code,
        "judul": redact_personal_data(complaint.headline)[:200] or complaint.tracking_code,
        "isi": redact_personal_data(complaint.text),
        "klasifikasi": KLASIFIKASI[complaint.kind],
        "privasi": PRIVASI[complaint.privacy],
        "kategori": complaint.category.name if complaint.category else None,
        "instansi_tujuan": {"kode": department.code, "nama": department.name} if department else None,
        "lokasi": _location(complaint),
        "pelapor": _reporter(complaint),
        "status": LAPOR_STATUS[complaint.status],
        "dibuat_pada": timestamp(complaint.created_at),
    }


def _location(complaint: Complaint) -> dict[str, Any] | None:
    has_point = complaint.latitude is not None and complaint.longitude is not None
    if not has_point and not complaint.address and complaint.area is None:
        return None
    return {
        "lat": float(complaint.latitude) if has_point and complaint.latitude is not None else None,
        "lon": float(complaint.longitude) if has_point and complaint.longitude is not None else None,
        "alamat": redact_personal_data(complaint.address),
        "kelurahan": complaint.area.name if complaint.area else "",
        "kecamatan": complaint.kecamatan.name if complaint.kecamatan else "",
    }


def _reporter(complaint: Complaint) -> dict[str, str] | None:
    """The name on public complaints only; never contact details (LAPOR!'s follow-ups reach the citizen through
    Sambat, which keeps them)."""
    if complaint.privacy != Privacy.PUBLIC or not complaint.reporter_name.strip():
        return None
    return {"nama": complaint.reporter_name.strip()[:120]}


def push_kind(event: ComplaintEvent) -> str | None:
    """How a new event reaches LAPOR!: a follow-up when it says something publicly, a status change when it only
    moves the complaint, nothing when it is internal or says and changes nothing."""
    if not event.is_public or event.event_type in NOT_PUSHED:
        return None
    if _event_text(event):
        return PushKind.FOLLOW_UP
    if event.to_status and event.to_status != event.from_status:
        return PushKind.STATUS
    return None


def event_payload(event: ComplaintEvent, kind: str) -> dict[str, Any]:
    """POST /laporan/{id}/tindak-lanjut or /status for a public event."""
    status = LAPOR_STATUS[event.to_status or event.complaint.status]
    if kind == PushKind.STATUS:
        return {"status": status, "dibuat_pada": timestamp(event.created_at)}
    department = event.department
    return {
        "isi": _event_text(event),
        "status": status,
        "pelaku": PELAKU.get(event.actor_kind, "sistem"),
        "instansi": {"kode": department.code, "nama": department.name} if department else None,
        "dibuat_pada": timestamp(event.created_at),
    }


def _event_text(event: ComplaintEvent) -> str:
    """The event's public words (a person's own, or the system's sentence in Indonesian), masked."""
    with translation.override(LAPOR_LANGUAGE):
        return redact_personal_data(event_message(event)).strip()
