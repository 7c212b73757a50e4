from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    latitude, longitude = settings.SAMBAT_MAP_CENTER
    return {
        "city_name": settings.SAMBAT_CITY_NAME,
        # Pre-formatted: template localisation would write the decimal point as a comma in Indonesian.
        "map_center": f"{float(latitude)},{float(longitude)}",
        "map_tile_url": settings.SAMBAT_MAP_TILE_URL,
        "map_tile_attribution": settings.SAMBAT_MAP_TILE_ATTRIBUTION,
    }
