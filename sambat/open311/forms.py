"""A POST requests body, checked by the web portal's own report form.

GeoReport's fields are renamed to the portal's (description -> text, lat -> latitude, attribute[code] -> the
category's extra question `code`, ...) and validated by `portal.forms.ComplaintForm`: the same length limits,
phone and e-mail checks, answers to the category's extra questions and refusal of pins outside the city as a
citizen gets on the web. Errors come back under GeoReport's field names.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from sambat.agencies.models import Category
from sambat.complaints.choices import Kind, Privacy
from sambat.lib.text import clean_text
from sambat.portal.forms import EXTRA_PREFIX, ComplaintForm

# attribute[code] and, for multi-value lists, attribute[code][] (both as clients send them).
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](?:\[\])?$")
IDENTIFIER_LENGTH = 200

# The portal form's field names, as GeoReport calls them (for error messages).
OPEN311_NAMES = {
    "text": "description",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "reporter_name": "first_name, last_name",
    "reporter_phone": "phone",
    "reporter_email": "email",
    "category": "service_code",
    "photos": "media",
}


class InvalidRequest(ValueError):
    """The request must be fixed by the client; the message is GeoReport's error description."""


@dataclass(frozen=True)
class ServiceRequest:
    """A checked service request: arguments for `submit_complaint`, and what only Open311 carries."""

    submission: dict[str, Any]
    media_url: str
    device_id: str
    account_id: str


def _field_name(name: str) -> str:
    if name.startswith(EXTRA_PREFIX):
        return f"attribute[{name.removeprefix(EXTRA_PREFIX)}]"
    return OPEN311_NAMES.get(name, name)


def describe_errors(errors: Mapping[str, Iterable[object]]) -> str:
    parts = []
    for name, messages in errors.items():
        text = " ".join(str(message) for message in messages)
        parts.append(text if name == "__all__" else f"{_field_name(name)}: {text}")
    return " ".join(parts)


def _has_location(params: QueryDict) -> bool:
    return any(params.get(name, "").strip() for name in ("lat", "long", "address_string", "address_id"))


def _form_data(params: QueryDict, category: Category) -> QueryDict:
    name = " ".join(
        part for part in (params.get("first_name", "").strip(), params.get("last_name", "").strip()) if part
    )
    data = QueryDict(mutable=True)
    data.update(
        {
            "kind": Kind.PENGADUAN,
            "privacy": Privacy.PUBLIC,
            "text": params.get("description", ""),
            "category": str(category.pk),
            "latitude": params.get("lat", "").strip(),
            "longitude": params.get("long", "").strip(),
            # Sambat keeps no address register: an address_id is kept as the address the client gave.
            "address": params.get("address_string", "").strip() or params.get("address_id", "").strip(),
            "reporter_name": name,
            "reporter_phone": params.get("phone", "").strip(),
            "reporter_email": params.get("email", "").strip(),
        }
    )
    for key in params:
        match = _ATTRIBUTE.match(key)
        if match:
            # Attributes the service does not define (FixMyStreet sends its own) are ignored by the form.
            data.setlist(EXTRA_PREFIX + match.group(1), params.getlist(key))
    return data


def parse_service_request(params: QueryDict, *, category: Category, files: MultiValueDict) -> ServiceRequest:
    """The checked request for `category`, or InvalidRequest describing every problem found."""
    if not _has_location(params):
        raise InvalidRequest(_("A location is required: lat and long, address_string or address_id."))
    form = ComplaintForm(_form_data(params, category), MultiValueDict({"photos": files.getlist("media")}))
    if not form.is_valid():
        raise InvalidRequest(describe_errors(form.errors))
    submission = form.submission()
    return ServiceRequest(
        submission=submission,
        media_url=params.get("media_url", "").strip(),
        device_id=clean_text(params.get("device_id", ""))[:IDENTIFIER_LENGTH],
        account_id=clean_text(params.get("account_id", ""))[:IDENTIFIER_LENGTH],
    )
