from django.contrib import admin
from django.urls import include, path

from sambat.lib.health import healthz

# A lost database answers 503 with Retry-After (and in the API's or Open311's own shape), other failures 500.
handler500 = "sambat.lib.outage.server_error"

urlpatterns = [
    path("", include("sambat.portal.urls")),
    path("akun/", include("sambat.accounts.urls")),
    path("staf/", include("sambat.staff.urls")),
    path("open311/v2/", include("sambat.open311.urls")),
    path("api/v1/", include("sambat.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
