"""Sambat's categories and public complaints as GeoReport v2 services and service requests.

Only fields the public board shows are written: never the reporter's name, phone, e-mail or account, and the
texts pass through `redact_personal_data` as on the portal's public pages.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from sambat.agencies.choices import DatumType
from sambat.agencies.models import Category
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.queries import map_point, photos_are_public
from sambat.complaints.wording import event_message
from sambat.lib.redact import redact_personal_data
from sambat.open311.models import Open311Submission
from sambat.open311.queries import CITIZEN_VOICES
from sambat.open311.renderers import iso_datetime
from sambat.open311.statuses import request_status, update_status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Date of the last change to what this server offers (GeoReport's "changeset").
CHANGESET = "2026-11-23T00:00:00+07:00"


def public_url(path: str) -> str:
    return settings.SAMBAT_PUBLIC_BASE_URL.rstrip("/") + path


def discovery(*, base_path: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": f"{settings.SAMBAT_CITY_NAME} – {public_url('/')}",
        "key_service": public_url("/"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": public_url(base_path),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def _questions(category: Category) -> list[dict]:
    questions = category.extra_questions
    if not isinstance(questions, list):
        return []
    return [question for question in questions if isinstance(question, dict) and question.get("code")]


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(_questions(category)),
        "type": "realtime",
        "keywords": "",
        "group": category.group,
    }


def _datatype(question: dict) -> str:
    datatype = str(question.get("datatype") or DatumType.STRING)
    return datatype if datatype in DatumType.values else str(DatumType.STRING)


def _values(question: dict) -> list[dict[str, str]]:
    return [
        {"key": str(item.get("key")), "name": str(item.get("name") or item.get("key"))}
        for item in question.get("values") or []
        if isinstance(item, dict) and item.get("key") is not None
    ]


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for order, question in enumerate(_questions(category), start=1):
        datatype = _datatype(question)
        attribute: dict[str, Any] = {
            "variable": True,
            "code": str(question["code"]),
            "datatype": datatype,
            "required": bool(question.get("required")),
            "datatype_description": str(question.get("datatype_description") or ""),
            "order": order,
            "description": str(question.get("label") or question["code"]),
        }
        if datatype in (DatumType.SINGLEVALUELIST, DatumType.MULTIVALUELIST):
            attribute["values"] = _values(question)
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


def _media_url(complaint: Complaint) -> str:
    # `first_public_photo` is annotated by the views (the first public photo's id).
    photo_id = getattr(complaint, "first_public_photo", None)
    if not photo_id or not photos_are_public(complaint):
        return ""
    return public_url(reverse("portal:photo", args=[photo_id]))


# The complaint's columns `service_request` reads (the views load only these).
SERVICE_REQUEST_FIELDS = (
    "tracking_code", "status", "privacy", "text", "address", "latitude", "longitude", "created_at", "updated_at",
    "resolve_due_at", "category__name", "category__code", "department__name",
)  # fmt: skip


def service_request(complaint: Complaint) -> dict[str, Any]:
    """One public complaint; `status_notes` and `media_url` come from annotations (see views)."""
    category = complaint.category
    point = map_point(complaint)  # rounded to about 10 m, as everywhere in public
    return {
        "service_request_id": complaint.tracking_code,
        "status": request_status(complaint.status),
        "status_notes": redact_personal_data(getattr(complaint, "latest_public_note", None) or ""),
        "service_name": category.name if category else "",
        "service_code": category.code if category else "",
        "description": redact_personal_data(complaint.text),
        "agency_responsible": complaint.department.name if complaint.department else "",
        "service_notice": "",
        "requested_datetime": iso_datetime(complaint.created_at),
        "updated_datetime": iso_datetime(complaint.updated_at),
        "expected_datetime": iso_datetime(complaint.resolve_due_at),
        "address": redact_personal_data(complaint.address),
        "zipcode": "",
        "lat": point[0] if point else None,
        "long": point[1] if point else None,
        "media_url": _media_url(complaint),
    }


def created_request(submission: Open311Submission) -> dict[str, Any]:
    """The answer to POST requests: the tracking code at once (and a token, for clients that expect one)."""
    complaint = submission.complaint
    notice = _("Received as %(code)s. Follow it at %(url)s") % {
        "code": complaint.tracking_code,
        "url": public_url(complaint.get_absolute_url()),
    }
    return {
        "service_request_id": complaint.tracking_code,
        "token": submission.token,
        "service_notice": notice,
        "account_id": None,
    }


def token(submission: Open311Submission) -> dict[str, Any]:
    return {"service_request_id": submission.complaint.tracking_code, "token": submission.token}


def _update_media_url(event: ComplaintEvent) -> str:
    # Proof photos of the city only: a citizen's photo shown as the city's update would mislead.
    if event.actor_kind in CITIZEN_VOICES or not photos_are_public(event.complaint):
        return ""
    for attachment in event.attachments.all():  # prefetched: the public ones
        return public_url(reverse("portal:photo", args=[attachment.id]))
    return ""


def request_update(event: ComplaintEvent) -> dict[str, Any]:
    """One event of a public complaint, as FixMyStreet's servicerequestupdates lists it."""
    # The citizen's own words are theirs to publish on the portal, not the city's to send out as an update.
    description = "" if event.actor_kind in CITIZEN_VOICES else redact_personal_data(event_message(event))
    return {
        "update_id": str(event.pk),
        "service_request_id": event.complaint.tracking_code,
        "status": str(update_status(event)),
        "updated_datetime": iso_datetime(event.created_at),
        "description": description,
        "media_url": _update_media_url(event),
        "external_status_code": event.event_type,
    }
