from django.urls import path

from sambat.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("verifikasi/", views.triage, name="triage"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("aduan/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path("aduan/<int:complaint_id>/<str:action>/", views.act, name="act"),
    path("pimpinan/", views.overview, name="overview"),
]
