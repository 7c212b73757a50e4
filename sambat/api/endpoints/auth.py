"""Signing in: a one-time code for citizens, a password for staff, and revoking the token."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Status

from sambat.accounts.models import User
from sambat.api import actions
from sambat.api.contacts import normalise_email, normalise_phone
from sambat.api.errors import ApiError, errors
from sambat.api.limits import check_sign_in_allowance, count_anonymous_request, count_sign_in_failure
from sambat.api.schemas import AcceptedOut, CodeRequestIn, CodeSignInIn, ContactIn, PasswordSignInIn, TokenOut, UserOut
from sambat.api.security import current_token, signed_in_user, token_auth
from sambat.notifications.actions import can_deliver
from sambat.notifications.choices import OutboxChannel

router = Router(tags=["Sign-in"])


def _contact(payload: ContactIn) -> tuple[str, str]:
    """(outbox channel, normalised address); a malformed address is a 422 on its field."""
    if payload.email:
        return OutboxChannel.EMAIL, normalise_email(payload.email)
    if payload.phone:
        phone = normalise_phone(payload.phone)
        if not can_deliver(OutboxChannel.SMS):
            # Said plainly rather than accepting a code that could never arrive.
            raise ValidationError({"phone": [_("Codes cannot be sent by SMS here yet. Please use an e-mail address.")]})
        return OutboxChannel.SMS, phone
    raise ValidationError(_("Give either an e-mail address or a phone number."))


def user_out(user: User) -> dict:
    return {
        "id": user.pk,
        "role": user.role,
        "name": user.get_full_name(),
        "email": user.email,
        "phone": user.phone,
    }


def _token_answer(response: HttpResponse, issued: actions.IssuedToken) -> Status:
    # A token response must not be kept by any cache, nor by the idempotency store (RFC 6749 §5.1).
    response["Cache-Control"] = "no-store"
    return Status(201, {"token": issued.secret, "token_type": "bearer", "user": user_out(issued.token.user)})


@router.post(
    "/auth/otp",
    auth=None,
    response={202: AcceptedOut, **errors(400, 409, 422, 429)},
    summary="Send a one-time sign-in code by e-mail or SMS",
    description="Always answers 202, whether or not an account exists for the address.",
)
def request_code(request: HttpRequest, payload: CodeRequestIn) -> Status:
    count_anonymous_request(request, "otp")
    channel, address = _contact(payload)
    actions.request_sign_in_code(channel=channel, address=address, language=get_language() or "")
    return Status(202, {"detail": _("If this address can receive messages, a sign-in code is on its way.")})


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, **errors(400, 403, 409, 422, 429)},
    summary="Exchange a one-time code for a token (the citizen account is made on first use)",
)
def token_from_code(request: HttpRequest, response: HttpResponse, payload: CodeSignInIn) -> Status:
    count_anonymous_request(request, "token")
    channel, address = _contact(payload)
    try:
        issued = actions.sign_in_with_code(
            channel=channel, address=address, code=payload.code, device_name=payload.device_name
        )
    except actions.CodeRejected as rejected:
        details = {} if rejected.tries_left is None else {"tries_left": rejected.tries_left}
        raise ApiError(400, "invalid_code", str(rejected), details=details) from rejected
    return _token_answer(response, issued)


@router.post(
    "/auth/token/staff",
    auth=None,
    response={201: TokenOut, **errors(400, 401, 403, 409, 422, 429)},
    summary="A token for city staff and KIM assistants, with their user name and password",
    description="Wrong passwords count against the same allowance per address as the web sign-in.",
)
def token_from_password(request: HttpRequest, response: HttpResponse, payload: PasswordSignInIn) -> Status:
    check_sign_in_allowance(request)
    issued = actions.sign_in_with_password(
        username=payload.username, password=payload.password, device_name=payload.device_name
    )
    if issued is None:
        count_sign_in_failure(request)
        raise ApiError(401, "invalid_credentials", _("The user name or password is wrong."))
    return _token_answer(response, issued)


@router.delete(
    "/auth/token",
    auth=token_auth,
    response={204: None, **errors(401)},
    summary="Revoke the token this request is sent with (sign out)",
)
def revoke_token(request: HttpRequest) -> Status:
    token = current_token(request)
    if token is not None:
        actions.revoke_token(token=token)
    return Status(204, None)


@router.get("/me", auth=token_auth, response={200: UserOut, **errors(401)}, summary="The signed-in account")
def me(request: HttpRequest) -> dict:
    return user_out(signed_in_user(request))
