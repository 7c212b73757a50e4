"""JSON and XML bodies shaped as GeoReport v2 expects, and its error documents.

The same Python structure (dicts, lists, scalars) is rendered to both formats, so the two never drift apart.
XML is built with ElementTree, which does the escaping; list items take the element name GeoReport gives them.
"""

import datetime
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

JSON = "json"
XML = "xml"
CONTENT_TYPES = {JSON: "application/json", XML: "text/xml; charset=utf-8"}

# The element name of an item of each list, by the list's element name (GeoReport v2).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the city's UTC offset (e.g. 2026-11-23T10:00:00+07:00), as the spec asks."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(ElementTree.SubElement(element, item_name), child)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def render(fmt: str, *, root: str, value: Any, status: int = 200) -> HttpResponse:
    """`value` as JSON, or as XML under the `root` element (for a list, its items are named by ITEM_NAMES)."""
    if fmt == XML:
        body = to_xml(root, value)
    else:
        body = json.dumps(value, default=_json_default, ensure_ascii=False).encode()
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def error(fmt: str, *, status: int, description: str) -> HttpResponse:
    """GeoReport's error document: a list of {code, description}, the code being the HTTP status."""
    return render(fmt, root="errors", value=[{"code": status, "description": description}], status=status)
