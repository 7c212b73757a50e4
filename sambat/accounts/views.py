"""Sign-in, with failed attempts from one address limited so passwords cannot be guessed at speed."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sambat.lib.throttle import Throttled, client_ip, is_blocked, record_failure

SCOPE = "sign-in"


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        address = client_ip(request)
        if is_blocked(SCOPE, address, limit=settings.SAMBAT_SIGN_IN_ATTEMPTS):
            minutes = settings.SAMBAT_SIGN_IN_WINDOW_SECONDS // 60
            raise Throttled(
                _("Too many wrong sign-ins came from your address. Please wait %(minutes)d minutes and try again.")
                % {"minutes": minutes}
            )
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form was shown again: wrong user name or password
            record_failure(SCOPE, address, window_seconds=settings.SAMBAT_SIGN_IN_WINDOW_SECONDS)
        return response
