"""Reads for the citizen portal. Access rules come from `complaints.queries`; this module only combines them."""

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area
from sambat.complaints.choices import OPEN_STATUSES, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.queries import (
    complaints_for_citizen,
    is_citizen_of,
    map_point,
    photos_are_public,
    public_board,
    visible_complaints,
)
from sambat.portal.display import public_headline

KELURAHAN_GEOJSON_CACHE_KEY = "portal:kelurahan-geojson:v1"
COUNTS_CACHE_KEY = "portal:counts:v1"
# Boundaries change perhaps once a decade; an hour keeps an admin's correction from waiting long.
GEOJSON_CACHE_SECONDS = 3600
COUNTS_CACHE_SECONDS = 300
# About one metre: finer digits only make the map download bigger.
COORDINATE_DIGITS = 5


def _round_coordinates(value: object) -> object:
    if isinstance(value, list):
        return [_round_coordinates(item) for item in value]
    if isinstance(value, float):
        return round(value, COORDINATE_DIGITS)
    return value


def kelurahan_geojson() -> dict:
    """The kelurahan boundaries as a GeoJSON FeatureCollection (base layer of the portal's maps)."""

    def build() -> dict:
        areas = (
            Area.objects.filter(level=AreaLevel.KELURAHAN, boundary__isnull=False)
            .select_related("parent")
            .order_by("code")
        )
        features = []
        for area in areas:
            geometry = area.boundary or {}
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": geometry["type"], "coordinates": _round_coordinates(geometry["coordinates"])},
                    "properties": {
                        "code": area.code,
                        "name": area.name,
                        "kecamatan": area.parent.name if area.parent else "",
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    collection = cache.get(KELURAHAN_GEOJSON_CACHE_KEY)
    if collection is None:
        collection = build()
        cache.set(KELURAHAN_GEOJSON_CACHE_KEY, collection, GEOJSON_CACHE_SECONDS)
    return collection


def portal_counts() -> dict[str, int]:
    """Simple figures for the home page, cached briefly: counting a large table on every visit is wasteful."""

    def build() -> dict[str, int]:
        return Complaint.objects.aggregate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            resolved=Count("id", filter=Q(status__in=[Status.RESOLVED, Status.CLOSED])),
        )

    counts = cache.get(COUNTS_CACHE_KEY)
    if counts is None:
        counts = build()
        cache.set(COUNTS_CACHE_KEY, counts, COUNTS_CACHE_SECONDS)
    return counts


def timeline(complaint: Complaint, *, citizen: bool) -> QuerySet[ComplaintEvent]:
    """The public events of a complaint. Its own citizen also sees their photos of a confidential complaint."""
    attachments = Attachment.objects.all() if citizen else Attachment.objects.filter(is_public=True)
    if not citizen and not photos_are_public(complaint):
        attachments = Attachment.objects.none()
    return (
        complaint.events.filter(is_public=True)
        .select_related("department")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("created_at", "id")
    )


def own_complaints(user: User | None, session_codes: list[str]) -> QuerySet[Complaint]:
    """The complaints this visitor filed: their account's (citizens and KIM assistants) and this browser's."""
    by_session = Q(tracking_code__in=session_codes[:100]) if session_codes else Q(pk__in=[])
    complaints = Complaint.objects.filter(by_session)
    if user is not None and user.is_authenticated and user.role in (Role.CITIZEN, Role.KIM):
        complaints = complaints_for_citizen(user) | complaints
    return (
        complaints.select_related("category", "department", "kecamatan")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True)))
        .order_by("-created_at")
    )


def viewable_attachment(attachment_id: int, *, user: User | None, session_codes: list[str]) -> Attachment:
    """The attachment if the requester may see it, else 404 (existence is not revealed).

    Public photos of complaints on the public board: anyone. Otherwise staff who may open the complaint,
    or the complaint's citizen (ids are sequential, so "public" must not mean "anyone who guesses").
    """
    attachment = Attachment.objects.select_related("complaint").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such photo")
    complaint = attachment.complaint
    if attachment.is_public and photos_are_public(complaint):
        return attachment
    if is_citizen_of(complaint, user=user, session_codes=session_codes):
        return attachment
    if visible_complaints(user).filter(pk=complaint.pk).exists():
        return attachment
    raise Http404("No such photo")


# The board map shows the latest pins; older ones are a page of the list away.
BOARD_MAP_LIMIT = 500


def board_points(filters: dict[str, str]) -> dict:
    """The latest board complaints with a map pin, as a GeoJSON FeatureCollection of points."""
    complaints = (
        public_board(**filters)
        .exclude(latitude__isnull=True)
        .select_related(None)
        .prefetch_related(None)
        .only("tracking_code", "title", "text", "status", "latitude", "longitude", "created_at")[:BOARD_MAP_LIMIT]
    )
    features = [
        {
            "type": "Feature",
            # Rounded to about 10 m, as everywhere in public (complaints.queries.map_point); GeoJSON is lon, lat.
            "geometry": {"type": "Point", "coordinates": list(reversed(map_point(complaint) or (0.0, 0.0)))},
            "properties": {
                "code": complaint.tracking_code,
                "title": public_headline(complaint),
                "status": complaint.get_status_display(),
                "colour": complaint.status_colour,
                "url": complaint.get_absolute_url(),
            },
        }
        for complaint in complaints
    ]
    return {"type": "FeatureCollection", "features": features}
