from django.urls import path

from sambat.lapor import views as lapor_views
from sambat.staff import dashboard_views, evaluation_views, performance_views, routing_views, views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("verifikasi/", views.triage, name="triage"),
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("aduan/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path("aduan/<int:complaint_id>/<str:action>/", views.act, name="act"),
    path("lapor/aduan/<int:complaint_id>/teruskan/", lapor_views.forward, name="lapor_forward"),
    path("pimpinan/", views.overview, name="overview"),
    path("rute/aturan/", routing_views.rules, name="routing_rules"),
    path("rute/aturan/baru/", routing_views.rule_new, name="routing_rule_new"),
    path("rute/aturan/<int:rule_id>/", routing_views.rule_edit, name="routing_rule_edit"),
    path("rute/aturan/<int:rule_id>/hapus/", routing_views.rule_delete, name="routing_rule_delete"),
    path("rute/aturan/<int:rule_id>/aktif/", routing_views.rule_toggle, name="routing_rule_toggle"),
    path(
        "rute/aturan/<int:rule_id>/pindah/<str:direction>/",
        routing_views.rule_move,
        name="routing_rule_move",
    ),
    path("rute/akurasi/", routing_views.accuracy, name="routing_accuracy"),
    path("dasbor/", dashboard_views.dashboard_page, name="dashboard"),
    path("evaluasi/", evaluation_views.evaluation, name="evaluation"),
    path("kinerja/", performance_views.performance, name="performance"),
    path("evaluasi/unduh/", evaluation_views.evaluation_download, name="evaluation_download"),
]
