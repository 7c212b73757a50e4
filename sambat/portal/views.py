"""Citizen portal: report, follow a report by its code, answer, rate or reopen it, and the public board.

Views parse the request, check access through the query modules and call `complaints.actions`.
"""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.complaints import actions
from sambat.complaints.choices import Channel
from sambat.complaints.models import Complaint
from sambat.complaints.queries import (
    citizen_actions,
    find_by_tracking_code,
    is_citizen_of,
    is_overdue,
    map_point,
    public_board,
    public_merge_target,
)
from sambat.complaints.workflow import Action, TransitionNotAllowed
from sambat.lib.paging import CappedPaginator
from sambat.lib.throttle import Throttled, client_ip, is_blocked, record_failure
from sambat.portal import display
from sambat.portal import queries as portal_queries
from sambat.portal.forms import (
    BoardFilterForm,
    ComplaintForm,
    RateForm,
    ReopenForm,
    ReplyForm,
    TrackLookupForm,
    category_from,
)
from sambat.portal.photos import photo_response

OWNED_CODES = "owned_codes"
# Enough for a busy KIM assistant's browser, small enough to keep the session row small.
MAX_OWNED_CODES = 100
BOARD_PAGE_SIZE = 20
HOME_LATEST = 5


# --- helpers -------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if user.is_authenticated else None  # type: ignore[return-value]


def _is_assistant(user: User | None) -> bool:
    return user is not None and user.is_active and user.role == Role.KIM


def _owned_codes(request: HttpRequest) -> list[str]:
    codes = request.session.get(OWNED_CODES, [])
    return [code for code in codes if isinstance(code, str)] if isinstance(codes, list) else []


def _remember_code(request: HttpRequest, code: str) -> None:
    """This browser filed (or holds the private link of) the complaint: it may reply, rate and reopen."""
    codes = [owned for owned in _owned_codes(request) if owned != code]
    codes.append(code)
    request.session[OWNED_CODES] = codes[-MAX_OWNED_CODES:]


def _is_citizen(request: HttpRequest, complaint: Complaint) -> bool:
    return is_citizen_of(complaint, user=_user(request), session_codes=_owned_codes(request))


def _citizen_actor(request: HttpRequest, complaint: Complaint) -> User | None:
    """The signed-in account acting for the citizen, if it is the complaint's reporter or assistant."""
    user = _user(request)
    if user is not None and user.id in (complaint.reporter_id, complaint.assisted_by_id):
        return user
    return None


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc)


def _find(request: HttpRequest, code: str) -> Complaint | None:
    """The complaint with this tracking code. Unknown codes count against the visitor's address, so codes
    cannot be enumerated at speed."""
    address = client_ip(request)
    if is_blocked("tracking", address, limit=settings.SAMBAT_TRACKING_MISSES):
        minutes = settings.SAMBAT_TRACKING_WINDOW_SECONDS // 60
        raise Throttled(_("Too many unknown tracking codes. Please wait %(minutes)d minutes.") % {"minutes": minutes})
    complaint = find_by_tracking_code(code)
    if complaint is None:
        record_failure("tracking", address, window_seconds=settings.SAMBAT_TRACKING_WINDOW_SECONDS)
    return complaint


def _complaint_or_404(request: HttpRequest, code: str) -> Complaint:
    complaint = _find(request, code)
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


def _owned_complaint(request: HttpRequest, code: str) -> Complaint:
    """For the citizen's actions: the complaint, if the requester is its citizen (else 403)."""
    complaint = _complaint_or_404(request, code)
    if not _is_citizen(request, complaint):
        raise PermissionDenied(_("Only the person who sent this report may do this."))
    return complaint


# --- home and submission -------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "lookup_form": TrackLookupForm(),
            "latest": list(public_board()[:HOME_LATEST]),
            "counts": portal_queries.portal_counts(),
        },
    )


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assisted = _is_assistant(user)
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, assisted=assisted)
        if form.is_valid():
            if assisted:
                filed_by: dict[str, Any] = {"channel": Channel.ASSISTED, "assisted_by": user}
            else:
                reporter = user if user is not None and user.role == Role.CITIZEN else None
                filed_by = {"channel": Channel.WEB, "reporter": reporter}
            try:
                complaint = actions.submit_complaint(**form.submission(), **filed_by, language=get_language() or "")
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                _remember_code(request, complaint.tracking_code)
                return redirect("portal:submitted", code=complaint.tracking_code)
    else:
        initial = {}
        if user is not None and user.role == Role.CITIZEN:
            initial = {
                "reporter_name": user.get_full_name(),
                "reporter_email": user.email,
                "reporter_phone": user.phone,
            }
        form = ComplaintForm(assisted=assisted, initial=initial)
    return render(
        request,
        "portal/submit.html",
        {"form": form, "assisted": assisted, "photos_lost": bool(request.FILES) and bool(form.errors)},
    )


@require_GET
def extra_questions(request: HttpRequest) -> HttpResponse:
    """The extra-question fields of the chosen category (htmx swaps them into the report form)."""
    form = ComplaintForm(category=category_from(request.GET.get("category")))
    return render(request, "portal/_extra_questions.html", {"form": form})


@never_cache
@require_GET
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    # The page shows the private link: only the browser that filed the report (or holds the link) sees it.
    if code not in _owned_codes(request):
        return redirect("portal:track", code=code)
    complaint = _complaint_or_404(request, code)
    track_url = request.build_absolute_uri(reverse("portal:track", args=[complaint.tracking_code]))
    return render(
        request,
        "portal/submitted.html",
        {
            "complaint": complaint,
            "track_url": track_url,
            "private_url": f"{track_url}?{urlencode({'k': complaint.citizen_key})}",
        },
    )


# --- tracking ------------------------------------------------------------------------------------


@require_GET
def track_lookup(request: HttpRequest) -> HttpResponse:
    form = TrackLookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if _find(request, code) is not None:
            return redirect("portal:track", code=code)
        form.add_error("code", _("No report has the code %(code)s. Please check the code.") % {"code": code})
    return render(request, "portal/track_lookup.html", {"form": form})


@never_cache
@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    complaint = _complaint_or_404(request, code)
    key = request.GET.get("k", "")
    if key:
        # The private link: remember it in this browser's session, then drop the key from the address bar.
        if is_citizen_of(complaint, user=None, key=key):
            _remember_code(request, complaint.tracking_code)
            messages.success(request, _("This browser can now answer, rate and reopen this report."))
        else:
            messages.warning(request, _("This private link is not valid; the report is shown as to the public."))
        return redirect(complaint)
    if code != complaint.tracking_code:
        return redirect(complaint)
    return _render_track(request, complaint)


def _render_track(request: HttpRequest, complaint: Complaint, **forms: Any) -> HttpResponse:
    citizen = _is_citizen(request, complaint)
    allowed = citizen_actions(complaint) if citizen else frozenset()
    events = list(portal_queries.timeline(complaint, citizen=citizen))
    show_content = display.content_visible(complaint, citizen=citizen)
    context = {
        "complaint": complaint,
        "citizen": citizen,
        "show_content": show_content,
        "headline": display.public_headline(complaint) if show_content else "",
        "entries": display.timeline_entries(complaint, events, citizen=citizen),
        "answers": display.extra_answer_rows(complaint) if show_content else [],
        "deadline": display.current_deadline(complaint),
        "overdue": is_overdue(complaint),
        "can_reply": Action.CITIZEN_REPLY in allowed,
        "open_question": display.open_question(events) if Action.CITIZEN_REPLY in allowed else "",
        "can_rate": Action.RATE in allowed,
        "can_reopen": Action.REOPEN in allowed,
        "confirms": Action.CONFIRM in allowed,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "lookup_form": TrackLookupForm(),
        # The pin as set for the complaint's own citizen; rounded for everyone else.
        "map_point": map_point(complaint, exact=citizen) if show_content else None,
        "merged_into": public_merge_target(complaint),
        "reopen_until": (
            complaint.resolved_at + timedelta(days=settings.SAMBAT_REOPEN_DAYS) if complaint.resolved_at else None
        ),
    }
    return render(request, "portal/track.html", context)


def _citizen_step(
    request: HttpRequest,
    code: str,
    *,
    form_class: type[ReplyForm | RateForm | ReopenForm],
    form_name: str,
    perform: Callable[[Complaint, dict[str, Any], User | None], object],
    done: str,
) -> HttpResponse:
    """The citizen's reply, rating or reopening: owner check, form, action, message, back to the tracking page."""
    complaint = _owned_complaint(request, code)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _render_track(request, complaint, **{form_name: form})
    try:
        perform(complaint, form.cleaned_data, _citizen_actor(request, complaint))
    except (ValidationError, TransitionNotAllowed) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done)
    return redirect(complaint)


@require_POST
def reply(request: HttpRequest, code: str) -> HttpResponse:
    return _citizen_step(
        request,
        code,
        form_class=ReplyForm,
        form_name="reply_form",
        perform=lambda complaint, data, actor: actions.citizen_reply(
            complaint=complaint, message=data["message"], photos=data["photos"], actor=actor
        ),
        done=_("Thank you. Your answer was sent to the department."),
    )


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    return _citizen_step(
        request,
        code,
        form_class=RateForm,
        form_name="rate_form",
        perform=lambda complaint, data, actor: actions.rate_complaint(
            complaint=complaint, rating=data["rating"], comment=data["comment"], actor=actor
        ),
        done=_("Thank you for your rating."),
    )


@require_POST
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    return _citizen_step(
        request,
        code,
        form_class=ReopenForm,
        form_name="reopen_form",
        perform=lambda complaint, data, actor: actions.reopen_complaint(
            complaint=complaint, reason=data["reason"], actor=actor
        ),
        done=_("Your report was reopened and sent back to the department."),
    )


# --- public board, own complaints, photos and map ------------------------------------------------


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    complaints = public_board(**form.filters())
    page = CappedPaginator(complaints, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/board.html", {"form": form, "page": page, "filtered": form.is_bound})


@require_GET
def board_map(request: HttpRequest) -> HttpResponse:
    """Pins of the public board (same filters as the list) for its map."""
    form = BoardFilterForm(request.GET or None)
    response = HttpResponse(
        json.dumps(portal_queries.board_points(form.filters()), separators=(",", ":")),
        content_type="application/geo+json",
    )
    patch_cache_control(response, public=True, max_age=60)
    return response


@never_cache
@require_GET
def my_complaints(request: HttpRequest) -> HttpResponse:
    complaints = portal_queries.own_complaints(_user(request), _owned_codes(request))
    page = CappedPaginator(complaints, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_complaints.html", {"page": page, "assisted": _is_assistant(_user(request))})


@require_safe
def photo(request: HttpRequest, attachment_id: int, thumbnail: bool = False) -> FileResponse:
    attachment = portal_queries.viewable_attachment(
        attachment_id, user=_user(request), session_codes=_owned_codes(request)
    )
    return photo_response(attachment, thumbnail=thumbnail)


@require_safe
def areas_geojson(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(portal_queries.kelurahan_geojson(), separators=(",", ":")), content_type="application/geo+json"
    )
    patch_cache_control(response, public=True, max_age=portal_queries.GEOJSON_CACHE_SECONDS)
    return response
