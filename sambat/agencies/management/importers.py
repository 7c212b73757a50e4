"""Load areas (GeoJSON) and departments (CSV) into the database, idempotently (keyed by code).

Used by `manage.py import_areas`, `manage.py import_departments` and the demo loader. Re-running with the
same file changes nothing; a corrected file updates the rows in place.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from sambat.agencies.choices import AreaLevel, DepartmentKind
from sambat.agencies.models import Area, Department
from sambat.lib.geo import bounding_box

_LEVEL_ORDER = {AreaLevel.KOTA: 0, AreaLevel.KECAMATAN: 1, AreaLevel.KELURAHAN: 2}
# Department codes of area offices embed the area code: "kec-35.73.01", "kel-35.73.01.1001".
_AREA_OFFICE_PREFIXES = {DepartmentKind.KECAMATAN: "kec-", DepartmentKind.KELURAHAN: "kel-"}


class ImportFailed(ValueError):
    """The file cannot be imported; the message says which row and why. Nothing was saved."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _outer_ring_centre(geometry: dict) -> tuple[float, float]:
    """Mean of the outer ring's vertices (lat, lon): a fallback when the file gives no centroid."""
    polygon = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
    ring = polygon[0]
    return sum(point[1] for point in ring) / len(ring), sum(point[0] for point in ring) / len(ring)


def _check_feature(number: int, feature: dict) -> tuple[dict, dict]:
    properties = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    for key in ("code", "name", "level"):
        if not properties.get(key):
            raise ImportFailed(f"feature {number}: property '{key}' is missing")
    if properties["level"] not in AreaLevel.values:
        raise ImportFailed(f"feature {number} ({properties['code']}): unknown level '{properties['level']}'")
    if geometry.get("type") not in ("Polygon", "MultiPolygon") or not geometry.get("coordinates"):
        raise ImportFailed(f"feature {number} ({properties['code']}): geometry must be a Polygon or MultiPolygon")
    return properties, geometry


@transaction.atomic
def import_areas(path: Path) -> ImportResult:
    """Areas from a GeoJSON FeatureCollection with properties code, name, level, parent_code.

    Optional properties centroid_lat and centroid_lng; without them the centre of the outer ring is used.
    Parents are looked up by code among the areas already stored or earlier in the file.
    """
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"{path}: not a readable GeoJSON file ({exc})") from exc
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise ImportFailed(f"{path}: not a GeoJSON FeatureCollection")
    checked = [_check_feature(number, feature) for number, feature in enumerate(features, start=1)]
    # Parents before children, so every parent exists when its children are saved.
    checked.sort(key=lambda item: (_LEVEL_ORDER[AreaLevel(item[0]["level"])], item[0]["code"]))

    by_code = {area.code: area for area in Area.objects.all()}
    created = updated = 0
    for properties, geometry in checked:
        parent_code = properties.get("parent_code") or ""
        parent = by_code.get(parent_code)
        if parent is None and properties["level"] != AreaLevel.KOTA:
            raise ImportFailed(f"area {properties['code']}: parent '{parent_code}' is not known")
        min_lat, max_lat, min_lon, max_lon = bounding_box(geometry)
        if properties.get("centroid_lat") is not None and properties.get("centroid_lng") is not None:
            centroid_lat, centroid_lon = float(properties["centroid_lat"]), float(properties["centroid_lng"])
        else:
            centroid_lat, centroid_lon = _outer_ring_centre(geometry)
        area, was_created = Area.objects.update_or_create(
            code=properties["code"],
            defaults={
                "name": properties["name"],
                "level": properties["level"],
                "parent": parent,
                "boundary": geometry,
                "min_lat": min_lat,
                "max_lat": max_lat,
                "min_lon": min_lon,
                "max_lon": max_lon,
                "centroid_lat": centroid_lat,
                "centroid_lon": centroid_lon,
            },
        )
        by_code[area.code] = area
        created += was_created
        updated += not was_created
    return ImportResult(created=created, updated=updated)


def department_code(raw: str) -> str:
    """The stored code: a slug, so the dots of embedded area codes become dashes ("kec-35-73-01")."""
    return raw.strip().replace(".", "-")


def _area_code_of(row: dict[str, str]) -> str:
    if row.get("area_code"):
        return row["area_code"].strip()
    prefix = _AREA_OFFICE_PREFIXES.get(row["kind"])  # type: ignore[call-overload]
    if prefix and row["code"].startswith(prefix):
        return row["code"][len(prefix) :]
    return ""


@transaction.atomic
def import_departments(path: Path, *, inactive: frozenset[str] = frozenset()) -> ImportResult:
    """Departments from a CSV with columns code, name, abbreviation, kind (and optional area_code, email).

    Kecamatan and kelurahan offices are linked to their area (import the areas first). E-mail and the
    active flag are only set when a department is created, so changes made in the admin survive a re-import;
    `inactive` lists (stored) codes created inactive.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFailed(f"{path}: not a readable CSV file ({exc})") from exc
    areas = {area.code: area for area in Area.objects.all()}
    created = updated = 0
    for line, row in enumerate(rows, start=2):
        row = {key: (value or "").strip() for key, value in row.items() if key}
        if not row.get("code") or not row.get("name"):
            raise ImportFailed(f"line {line}: code and name are required")
        if row.get("kind", "") not in DepartmentKind.values:
            raise ImportFailed(f"line {line} ({row['code']}): unknown kind '{row.get('kind', '')}'")
        try:
            validate_slug(department_code(row["code"]))
        except ValidationError as exc:
            raise ImportFailed(f"line {line}: code '{row['code']}' may only hold letters, digits, - _ and .") from exc
        area_code = _area_code_of(row)
        if area_code and area_code not in areas:
            raise ImportFailed(f"line {line} ({row['code']}): area '{area_code}' is not known; import the areas first")
        _department, was_created = Department.objects.update_or_create(
            code=department_code(row["code"]),
            defaults={
                "name": row["name"],
                "abbreviation": row.get("abbreviation", ""),
                "kind": row["kind"],
                "area": areas.get(area_code) if area_code else None,
            },
            create_defaults={
                "name": row["name"],
                "abbreviation": row.get("abbreviation", ""),
                "kind": row["kind"],
                "area": areas.get(area_code) if area_code else None,
                "email": row.get("email", ""),
                "is_active": department_code(row["code"]) not in inactive,
            },
        )
        created += was_created
        updated += not was_created
    return ImportResult(created=created, updated=updated)
