"""The query parameters of GET requests.{fmt} and servicerequestupdates.{fmt}, checked as GeoReport v2 defines them.

A date range defaults to the last 90 days (updates: the last 24 hours) and may span at most 90 days; anything
malformed is a 400 for the client to fix, never a silently widened search.
"""

import datetime
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sambat.open311.statuses import CLOSED, OPEN

MAX_SPAN = datetime.timedelta(days=90)
UPDATES_SPAN = datetime.timedelta(hours=24)
MAX_ROWS = 1000
MAX_IDS = 100


class BadRequest(ValueError):
    """A parameter the client must fix; its message is the error description."""


@dataclass(frozen=True)
class RequestFilters:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None


def _split(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))


def parse_moment(raw: str, *, name: str) -> datetime.datetime:
    """An ISO 8601 date or datetime; without an offset it is the city's local time."""
    raw = raw.strip()
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(_("%(name)s is not an ISO 8601 date and time.") % {"name": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_filters(params: QueryDict, *, now: datetime.datetime) -> RequestFilters:
    ids = _split(params.get("service_request_id", ""))
    if ids:
        if len(ids) > MAX_IDS:
            raise BadRequest(_("At most %(count)d service_request_id values.") % {"count": MAX_IDS})
        # The spec: with service_request_id given, every other parameter is ignored.
        return RequestFilters(ids=ids)
    statuses = _split(params.get("status", "").lower())
    if any(status not in (OPEN, CLOSED) for status in statuses):
        raise BadRequest(_("status must be open or closed."))
    start, end = parse_window(params, now=now, default_span=MAX_SPAN)
    return RequestFilters(service_codes=_split(params.get("service_code", "")), statuses=statuses, start=start, end=end)


def parse_window(
    params: QueryDict, *, now: datetime.datetime, default_span: datetime.timedelta
) -> tuple[datetime.datetime, datetime.datetime]:
    """start_date and end_date: without either, the last `default_span` up to now; with one, `default_span`
    before the end or up to 90 days after the start (never beyond now)."""
    start_raw, end_raw = params.get("start_date", ""), params.get("end_date", "")
    start = parse_moment(start_raw, name="start_date") if start_raw.strip() else None
    end = parse_moment(end_raw, name="end_date") if end_raw.strip() else None
    if start is None and end is None:
        end = now
    if start is None:
        assert end is not None
        start = end - default_span
    if end is None:
        # A start in the future is an empty window, not an error about an end_date nobody gave.
        end = max(start, min(now, start + MAX_SPAN))
    if end < start:
        raise BadRequest(_("end_date is before start_date."))
    if end - start > MAX_SPAN:
        raise BadRequest(_("start_date and end_date may not span more than 90 days."))
    return start, end
