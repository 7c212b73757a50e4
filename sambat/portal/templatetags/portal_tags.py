"""Template filters that keep personal data off public pages."""

from django import template

from sambat.complaints.models import Complaint
from sambat.lib.redact import redact_personal_data
from sambat.portal.display import public_headline

register = template.Library()


@register.filter
def redact(value: object) -> str:
    """Masks phone numbers, NIK and e-mail addresses. The result is plain text, escaped by the template."""
    return redact_personal_data(str(value or ""))


@register.filter
def headline(complaint: Complaint) -> str:
    return public_headline(complaint)


@register.filter
def first_photo(complaint: Complaint) -> object:
    """The first prefetched public photo, without a query of its own."""
    photos = complaint.attachments.all()
    return photos[0] if photos else None
