from django.urls import path

from sambat.portal import statistics_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("lapor/", views.submit, name="submit"),
    path("lapor/pertanyaan-tambahan/", views.extra_questions, name="extra_questions"),
    path("lapor/terkirim/<str:code>/", views.submitted, name="submitted"),
    path("lacak/", views.track_lookup, name="track_lookup"),
    path("lacak/<str:code>/", views.track, name="track"),
    path("lacak/<str:code>/balas/", views.reply, name="reply"),
    path("lacak/<str:code>/nilai/", views.rate, name="rate"),
    path("lacak/<str:code>/buka-kembali/", views.reopen, name="reopen"),
    path("papan/", views.board, name="board"),
    path("papan/peta.geojson", views.board_map, name="board_map"),
    path("aduan-saya/", views.my_complaints, name="my_complaints"),
    path("foto/<int:attachment_id>/", views.photo, name="photo"),
    path("foto/<int:attachment_id>/kecil/", views.photo, {"thumbnail": True}, name="photo_thumbnail"),
    path("peta/wilayah.geojson", views.areas_geojson, name="areas_geojson"),
    path("statistik/", statistics_views.statistics, name="statistics"),
]
