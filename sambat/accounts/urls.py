from django.contrib.auth import views as auth_views
from django.urls import path

from sambat.accounts.views import SignInView

app_name = "accounts"

urlpatterns = [
    path("masuk/", SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
