"""Point-in-polygon for GeoJSON geometries, so a map pin yields its kelurahan without a GIS stack."""

from collections.abc import Sequence

Ring = Sequence[Sequence[float]]


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    # Ray casting: count edge crossings of a ray going east from the point.
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(lon: float, lat: float, rings: Sequence[Ring]) -> bool:
    if not rings or not _in_ring(lon, lat, rings[0]):
        return False
    return not any(_in_ring(lon, lat, hole) for hole in rings[1:])


def geometry_contains(geometry: dict | None, *, lat: float, lon: float) -> bool:
    """True when the GeoJSON Polygon or MultiPolygon contains the point (holes excluded)."""
    if not geometry:
        return False
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(lon, lat, coordinates)
    if kind == "MultiPolygon":
        return any(_in_polygon(lon, lat, polygon) for polygon in coordinates)
    return False


def bounding_box(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    lons = [point[0] for polygon in polygons for ring in polygon for point in ring]
    lats = [point[1] for polygon in polygons for ring in polygon for point in ring]
    return min(lats), max(lats), min(lons), max(lons)
