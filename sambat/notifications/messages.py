"""Which messages a complaint's events cause, and their wording. Queued in the caller's transaction."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.wording import event_message
from sambat.notifications.actions import queue_message
from sambat.notifications.choices import OutboxChannel


def _tracking_url(complaint: Complaint) -> str:
    return settings.SAMBAT_PUBLIC_BASE_URL.rstrip("/") + reverse("portal:track", args=[complaint.tracking_code])


def _private_url(complaint: Complaint) -> str:
    return _tracking_url(complaint) + f"?k={complaint.citizen_key}"


def _to_citizen(complaint: Complaint, *, key: str, subject: str, body: str) -> None:
    if complaint.reporter_email:
        queue_message(
            channel=OutboxChannel.EMAIL,
            recipient=complaint.reporter_email,
            subject=subject,
            body=body,
            dedupe_key=f"citizen:{key}:email",
            complaint_id=complaint.id,
        )
    if complaint.channel == "sms" and complaint.reporter_phone:
        queue_message(
            channel=OutboxChannel.SMS,
            recipient=complaint.reporter_phone,
            body=f"{subject}. {body}"[:459],
            dedupe_key=f"citizen:{key}:sms",
            complaint_id=complaint.id,
        )


def complaint_received(complaint: Complaint) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your report %(code)s has been received") % {"code": complaint.tracking_code}
        body = _(
            "Thank you. Your tracking code is %(code)s. Follow your report and reply at:\n%(url)s\n"
            "Keep this link private: it lets you reply, rate and reopen."
        ) % {"code": complaint.tracking_code, "url": _private_url(complaint)}
    _to_citizen(complaint, key=f"{complaint.id}:received", subject=subject, body=body)


def citizen_update(complaint: Complaint, event: ComplaintEvent) -> None:
    """Tell the citizen about a public step: routed, answered, information requested, resolved, rejected."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Update on your report %(code)s: %(status)s") % {
            "code": complaint.tracking_code,
            "status": complaint.get_status_display(),
        }
        body = f"{event_message(event)}\n\n{_private_url(complaint)}"
    _to_citizen(complaint, key=f"{complaint.id}:event:{event.id}", subject=subject, body=body)


def complaint_assigned(complaint: Complaint) -> None:
    department = complaint.department
    if department is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your report %(code)s was sent to %(department)s") % {
            "code": complaint.tracking_code,
            "department": department.name,
        }
        body = _private_url(complaint)
        staff_subject = _("New complaint %(code)s in your inbox") % {"code": complaint.tracking_code}
    _to_citizen(
        complaint, key=f"{complaint.id}:assigned:{department.id}:{complaint.assigned_at}", subject=subject, body=body
    )
    if department.email:
        queue_message(
            channel=OutboxChannel.EMAIL,
            recipient=department.email,
            subject=staff_subject,
            body=complaint.text[:1000],
            dedupe_key=f"dept:{complaint.id}:assigned:{department.id}:{complaint.assigned_at}",
            complaint_id=complaint.id,
        )


def staff_triage(complaint: Complaint) -> None:
    """Verifiers see the triage queue on their screen; no message per complaint is needed."""


def staff_instruction(complaint: Complaint, event: ComplaintEvent) -> None:
    department = complaint.department
    if department is None or not department.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Leader's instruction on %(code)s") % {"code": complaint.tracking_code}
    queue_message(
        channel=OutboxChannel.EMAIL,
        recipient=department.email,
        subject=subject,
        body=event.internal_note,
        dedupe_key=f"dept:{complaint.id}:instruction:{event.id}",
        complaint_id=complaint.id,
    )


def staff_citizen_replied(complaint: Complaint, event: ComplaintEvent) -> None:
    department = complaint.department
    if department is None or not department.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The citizen answered on %(code)s") % {"code": complaint.tracking_code}
    queue_message(
        channel=OutboxChannel.EMAIL,
        recipient=department.email,
        subject=subject,
        body=event_message(event),
        dedupe_key=f"dept:{complaint.id}:citizen:{event.id}",
        complaint_id=complaint.id,
    )
