from django.contrib import admin
from django.urls import include, path

from sambat.lib.health import healthz

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
