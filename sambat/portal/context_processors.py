from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"city_name": settings.SAMBAT_CITY_NAME}
