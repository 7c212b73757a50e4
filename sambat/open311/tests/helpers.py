"""Fetching Open311 documents in both formats, parsed, for the tests."""

import json
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

from django.test import Client

BASE = "/open311/v2/"


def get_json(client: Client, path: str, params: dict | None = None, *, status: int = 200) -> Any:
    response = client.get(f"{BASE}{path}.json", params or {})
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_xml(client: Client, path: str, params: dict | None = None, *, status: int = 200) -> ElementTree.Element:
    response = client.get(f"{BASE}{path}.xml", params or {})
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    # Our own server's output, not untrusted input.
    return ElementTree.fromstring(response.content)  # noqa: S314


def parse(response: Any, fmt: str) -> Any:
    """A response body of either format: JSON as Python values, XML as its root element."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json", response["Content-Type"]
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8", response["Content-Type"]
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own server's output


def error_of(response: Any, fmt: str) -> tuple[int, str]:
    """(code, description) of a GeoReport error document, checking its shape in either format."""
    body = parse(response, fmt)
    if fmt == "json":
        (item,) = body
        assert set(item) == {"code", "description"}, item
        return int(item["code"]), str(item["description"])
    assert body.tag == "errors", body.tag
    (item,) = body.findall("error")
    return int(item.findtext("code") or 0), item.findtext("description") or ""


def post_request(client: Client, data: dict, fmt: str = "json", **extra: Any) -> Any:
    """POST requests.{fmt} form-encoded, as GeoReport clients send it."""
    return client.post(
        f"{BASE}requests.{fmt}", urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded", **extra
    )
