"""Staff workspace: triage queue, department inbox, complaint page with its actions, leaders' overview.

Views are thin: parse (forms), check access (`complaints.queries`), call an action
(`complaints.actions` through the `action_forms` table), respond.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.models import Department
from sambat.agencies.queries import active_categories, active_departments, kecamatan_list
from sambat.agencies.questions import labelled_answers
from sambat.complaints import queries as complaint_queries
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.workflow import Action, TransitionNotAllowed, target_status
from sambat.lib.images import ImageRejected
from sambat.lib.paging import CappedPaginator
from sambat.staff import queries
from sambat.staff.action_forms import STAFF_ACTIONS, StaffAction
from sambat.staff.forms import ActionForm, InboxFilterForm

PAGE_SIZE = 25
STAFF = (Role.ADMIN, Role.OFFICER, Role.HEAD, Role.LEADER)

View = Callable[..., HttpResponse]

HOME_BY_ROLE = {
    Role.ADMIN: "staff:triage",
    Role.OFFICER: "staff:inbox",
    Role.HEAD: "staff:inbox",
    Role.LEADER: "staff:overview",
    Role.KIM: "portal:submit",
    # Citizens with an account sign in on the same page; their place is the list of their own reports.
    Role.CITIZEN: "portal:my_complaints",
}


def roles_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users with one of `roles`; others get the login page (anonymous) or 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.is_active or _user(request).role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _user(request: HttpRequest) -> User:
    """The signed-in user (the decorators have already refused anonymous visitors)."""
    return cast(User, request.user)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    target = HOME_BY_ROLE.get(Role(user.role)) if user.role in Role.values else None
    if target is None or not user.is_active:
        raise PermissionDenied
    return redirect(target)


@roles_required(Role.ADMIN)
def triage(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(queries.for_list(complaint_queries.triage_queue()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "staff/triage.html", {"page": page})


@roles_required(*STAFF)
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role in (Role.ADMIN, Role.LEADER):
        departments = list(active_departments().only("id", "name"))
    else:
        departments = list(Department.objects.filter(memberships__user=user).only("id", "name"))
    form = InboxFilterForm(
        request.GET,
        categories=list(active_categories().select_related(None).only("code", "name", "name_en", "sort_order")),
        kecamatans=list(kecamatan_list().only("code", "name")),
        departments=departments,
    )
    filters = form.filters()
    complaints = queries.for_list(complaint_queries.inbox(user, filters))
    page = CappedPaginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    counts, overdue_count = queries.inbox_status_counts(user, filters)
    return render(
        request,
        "staff/inbox.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "status_counts": counts,
            "overdue_count": overdue_count,
            "overdue_cap": queries.OVERDUE_COUNT_CAP,
            "finished_statuses": [Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.MERGED],
            # An officer of one department knows whose complaints these are; the column is for wider views.
            "show_department": len(departments) != 1,
        },
    )


@dataclass(frozen=True)
class ActionPanel:
    spec: StaffAction
    form: ActionForm


def _action_form(spec: StaffAction, complaint: Complaint, *args: Any) -> ActionForm:
    # Several forms share one page: prefix the element ids so labels point at the right field.
    return spec.form(*args, complaint=complaint, auto_id=f"id_{spec.action.value}_%s")


def _render_complaint(
    request: HttpRequest, complaint: Complaint, *, bound: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    permitted = complaint_queries.permitted_actions(user, complaint)
    # The form that just failed is shown again with the user's input and its errors; the others start empty.
    panels = [
        ActionPanel(spec, bound if isinstance(bound, spec.form) else _action_form(spec, complaint))
        for action, spec in STAFF_ACTIONS.items()
        if action in permitted
    ]
    events = list(complaint_queries.staff_events(complaint))
    photos = [attachment for event in events for attachment in event.attachments.all()]
    map_config = None
    if complaint.latitude is not None and complaint.longitude is not None:
        map_config = {
            "lat": float(complaint.latitude),
            "lon": float(complaint.longitude),
            "tiles": settings.SAMBAT_MAP_TILE_URL,
            "attribution": settings.SAMBAT_MAP_TILE_ATTRIBUTION,
            "boundary": complaint.area.boundary if complaint.area else None,
        }
    context = {
        "complaint": complaint,
        "events": events,
        "answers": labelled_answers(complaint.category, complaint.extra),
        "photos": photos,
        "panels": panels,
        "identity_visible": complaint_queries.reporter_identity_visible(user, complaint),
        "map_config": map_config,
    }
    return render(request, "staff/complaint.html", context, status=status)


@roles_required(*STAFF)
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_queries.access_complaint(_user(request), complaint_id)
    return _render_complaint(request, complaint)


def _error_messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(message) for message in exc.messages]
    return [str(exc)]


def _next_url(request: HttpRequest, spec: StaffAction, complaint: Complaint) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    if spec.back_to_inbox and not complaint_queries.visible_complaints(_user(request)).filter(pk=complaint.pk).exists():
        return reverse("staff:inbox")
    return reverse("staff:complaint", args=[complaint.pk])


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF)
def act(request: HttpRequest, complaint_id: int, action: str) -> HttpResponse:
    try:
        spec = STAFF_ACTIONS[Action(action)]
    except (ValueError, KeyError) as exc:
        raise Http404("Unknown action") from exc
    user = _user(request)
    complaint = complaint_queries.access_complaint(user, complaint_id)
    if request.method != "POST":
        # An action's address opened as a page (a bookmark, a reloaded tab): its form is on the complaint's page.
        return redirect("staff:complaint", complaint.pk)
    if spec.action not in complaint_queries.role_actions(user, complaint):
        raise PermissionDenied
    if spec.action not in complaint_queries.permitted_actions(user, complaint):
        # A page opened before someone else moved the complaint on: say why, change nothing.
        try:
            target_status(spec.action, complaint.status)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        return redirect("staff:complaint", complaint.pk)
    form = _action_form(spec, complaint, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.perform(complaint, user, form.cleaned_data)
        except (ValidationError, TransitionNotAllowed, ImageRejected) as exc:
            for message in _error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, str(spec.done))
            return redirect(_next_url(request, spec, complaint))
    messages.error(request, _("Nothing was changed. Please correct the form below."))
    return _render_complaint(request, complaint, bound=form, status=400)


@roles_required(Role.ADMIN, Role.LEADER)
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "status_counts": queries.status_counts(complaint_queries.visible_complaints(_user(request))),
        "department_rows": queries.department_rows(),
        "overdue": queries.overdue_list(50),
        "instructions": queries.latest_instructions(20),
    }
    return render(request, "staff/overview.html", context)
