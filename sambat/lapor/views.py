"""The complaint page's "Forward to SP4N-LAPOR!" button: parse, check access, call the action, respond."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sambat.accounts.models import User
from sambat.complaints.queries import access_complaint
from sambat.complaints.workflow import TransitionNotAllowed
from sambat.lapor.actions import forward_to_lapor
from sambat.lapor.queries import may_forward_as
from sambat.staff.views import STAFF, roles_required


@require_POST
@roles_required(*STAFF)
def forward(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = cast(User, request.user)
    # 404 for a complaint the user may not see, as every staff action; 403 for one they see but may not forward.
    complaint = access_complaint(user, complaint_id)
    if not may_forward_as(user):
        raise PermissionDenied
    try:
        forward_to_lapor(complaint=complaint, actor=user)
    except (ValidationError, TransitionNotAllowed) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The complaint was forwarded to SP4N-LAPOR!. It is sent in the background within minutes.")
        )
    return redirect("staff:complaint", complaint.pk)
