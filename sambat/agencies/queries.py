"""Reads about departments, categories and areas."""

from django.db.models import QuerySet

from sambat.accounts.models import User
from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category, Department
from sambat.lib.geo import geometry_contains


def find_kelurahan(*, lat: float, lon: float) -> Area | None:
    """The kelurahan whose boundary contains the point, or None outside the city."""
    candidates = Area.objects.filter(
        level=AreaLevel.KELURAHAN, min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon
    ).select_related("parent")
    for area in candidates:
        if geometry_contains(area.boundary, lat=lat, lon=lon):
            return area
    return None


def outside_the_city(*, lat: float, lon: float) -> bool:
    """True when the city's kelurahan boundaries are loaded and none contains the point."""
    has_boundaries = Area.objects.filter(level=AreaLevel.KELURAHAN, boundary__isnull=False).exists()
    return has_boundaries and find_kelurahan(lat=lat, lon=lon) is None


def kecamatan_of(area: Area | None) -> Area | None:
    if area is None:
        return None
    if area.level == AreaLevel.KECAMATAN:
        return area
    if area.level == AreaLevel.KELURAHAN:
        return area.parent
    return None


def kecamatan_office(area: Area | None) -> Department | None:
    """The active kecamatan office responsible for the area (a kelurahan or kecamatan)."""
    kecamatan = kecamatan_of(area)
    if kecamatan is None:
        return None
    return Department.objects.filter(area=kecamatan, is_active=True).first()


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("default_department")


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True)


def kecamatan_list() -> QuerySet[Area]:
    """The kecamatan for filter menus (boundaries left out: they are large and menus do not draw them)."""
    return Area.objects.filter(level=AreaLevel.KECAMATAN).defer("boundary").order_by("name")


def department_ids_of(user: User) -> set[int]:
    """Departments whose inbox the user works (officers and heads).

    Remembered on the user object, which lives for one request: access checks ask several times per page.
    """
    if not user.is_authenticated or not user.is_department_staff:
        return set()
    cached: set[int] | None = getattr(user, "_sambat_department_ids", None)
    if cached is None:
        cached = set(user.memberships.values_list("department_id", flat=True))
        user._sambat_department_ids = cached  # type: ignore[attr-defined]
    return set(cached)
