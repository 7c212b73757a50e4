"""Cursor (keyset) pagination: `?limit=…&cursor=…` → {"items": [...], "next_cursor": "…" | null}.

The cursor is opaque to clients: URL-safe base64 of the sort values of the last item sent. The next page
starts strictly after those values, so rows added or removed meanwhile never make a page repeat or skip an
item, and a page costs the same at item 10 as at item 100,000 (no OFFSET). The last key is always the id,
so the order is total.
"""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import F, Model, Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Schema

from sambat.api.errors import ApiError

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

M = TypeVar("M", bound=Model)
T = TypeVar("T")


@dataclass(frozen=True)
class Key:
    """One sort key: a model field, its direction, and whether it may be NULL (NULLs sort last either way)."""

    field: str
    descending: bool = False
    nullable: bool = False
    is_datetime: bool = True


NEWEST_FIRST = (Key("created_at", descending=True), Key("id", descending=True, is_datetime=False))


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–100).")
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the previous page.")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


def _encode(values: Sequence[Any]) -> str:
    plain = [value.isoformat() if isinstance(value, dt.datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _invalid_cursor() -> ApiError:
    return ApiError(
        400,
        "invalid_cursor",
        _("This cursor is not valid. Start again from the first page."),
        details={"field": "cursor"},
    )


def _decode(cursor: str, keys: Sequence[Key]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise _invalid_cursor() from exc
    if not isinstance(values, list) or len(values) != len(keys):
        raise _invalid_cursor()
    decoded: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if value is None and key.nullable:
            decoded.append(None)
        elif key.is_datetime and isinstance(value, str) and (moment := parse_datetime(value)) is not None:
            decoded.append(moment)
        elif not key.is_datetime and isinstance(value, int) and not isinstance(value, bool):
            decoded.append(value)
        else:
            raise _invalid_cursor()
    return decoded


def _after(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in the order of `keys`: equal on a prefix of keys, then after on the next."""
    condition = Q(pk__in=[])
    equal_prefix = Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            later = Q(pk__in=[])  # NULLs come last: nothing non-NULL follows
            same = Q(**{f"{key.field}__isnull": True})
        else:
            later = Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value})
            if key.nullable:
                later |= Q(**{f"{key.field}__isnull": True})
            same = Q(**{key.field: value})
        condition |= equal_prefix & later
        equal_prefix &= same
    return condition


def _ordering(keys: Sequence[Key]) -> list[Any]:
    return [F(key.field).desc(nulls_last=True) if key.descending else F(key.field).asc(nulls_last=True) for key in keys]


def paginate(
    queryset: QuerySet[M], params: PageParams, keys: Sequence[Key] = NEWEST_FIRST
) -> tuple[list[M], str | None]:
    """One page of `queryset` in the order of `keys`, and the cursor of the next page (None on the last)."""
    queryset = queryset.order_by(*_ordering(keys))
    if params.cursor:
        queryset = queryset.filter(_after(keys, _decode(params.cursor, keys)))
    rows = list(queryset[: params.limit + 1])
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, _encode([getattr(last, key.field) for key in keys])
