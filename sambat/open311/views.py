"""GeoReport v2: discovery, services, service definitions, public service requests, tokens, and FixMyStreet's
servicerequestupdates; POST requests files a complaint for a client holding an API key.

Requests come from the public board's rule (`public_board`): accepted, non-confidential complaints, with no
reporter identity in any field.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sambat.agencies.models import Category
from sambat.complaints.choices import ActorKind
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.queries import public_board
from sambat.lib.codes import normalise_tracking_code
from sambat.open311 import actions, serializers, statuses
from sambat.open311.filters import MAX_ROWS, UPDATES_SPAN, BadRequest, RequestFilters, parse_filters, parse_window
from sambat.open311.forms import InvalidRequest, parse_service_request
from sambat.open311.media import fetch_media
from sambat.open311.queries import active_service, client_for_key, public_updates, submission_for_token
from sambat.open311.renderers import error, render

# Clients post as browsers do; anything else (a JSON body, say) would arrive here as an empty form.
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


@csrf_exempt  # read-only: other methods get 405 from require_GET, never a CSRF page
@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base_path = reverse("open311:discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0] + "/"
    return render(fmt, root="discovery", value=serializers.discovery(base_path=base_path))


@csrf_exempt
@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    categories = Category.objects.filter(is_active=True).order_by("sort_order", "name")
    return render(fmt, root="services", value=[serializers.service(category) for category in categories])


@csrf_exempt
@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = active_service(code)
    if category is None:
        return error(fmt, status=404, description=_("No service with code %(code)s.") % {"code": code})
    return render(fmt, root="service_definition", value=serializers.service_definition(category))


def _public_requests() -> QuerySet[Complaint]:
    latest_note = (
        ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True, actor_kind=ActorKind.DEPARTMENT)
        .exclude(public_message="")
        .order_by("-created_at", "-id")
        .values("public_message")[:1]
    )
    first_public_photo = (
        Attachment.objects.filter(complaint=OuterRef("pk"), is_public=True)
        .order_by("created_at", "id")
        .values("id")[:1]
    )
    return (
        public_board()
        # The board's own joins bring the areas' boundary polygons; a service request needs none of them. Only the
        # columns `serializers.service_request` writes are read: decoding the others (JSON, a dozen timestamps)
        # would cost more than the query itself. Its photo prefetch builds a queryset per row: one photo id per
        # complaint comes cheaper from a subquery.
        .select_related(None)
        .select_related("category", "department")
        .prefetch_related(None)
        .only(*serializers.SERVICE_REQUEST_FIELDS)
        .annotate(latest_public_note=Subquery(latest_note), first_public_photo=Subquery(first_public_photo))
    )


def _filtered(complaints: QuerySet[Complaint], filters: RequestFilters) -> QuerySet[Complaint]:
    if filters.ids:
        codes = [code for code in (normalise_tracking_code(raw) for raw in filters.ids) if code]
        return complaints.filter(tracking_code__in=codes)
    complaints = complaints.filter(created_at__gte=filters.start, created_at__lte=filters.end)
    if filters.service_codes:
        # By id rather than through a join on the code: PostgreSQL then knows which category it counts and
        # reads a small one's rows from the category index, a large one's from the newest complaints.
        category_ids = list(Category.objects.filter(code__in=filters.service_codes).values_list("id", flat=True))
        complaints = complaints.filter(category_id__in=category_ids)
    if filters.statuses:
        states = [state for status in filters.statuses for state in statuses.states_for(status)]
        complaints = complaints.filter(status__in=states)
    return complaints


@csrf_exempt
@require_http_methods(["GET", "POST"])
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_service_request(request, fmt)
    try:
        filters = parse_filters(request.GET, now=timezone.now())
    except BadRequest as problem:
        return error(fmt, status=400, description=str(problem))
    complaints = _filtered(_public_requests(), filters).order_by("-created_at", "-id")[:MAX_ROWS]
    rows = [serializers.service_request(complaint) for complaint in complaints]
    return render(fmt, root="service_requests", value=rows)


def _create_service_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST requests: key, service, the fields (checked by the portal's form), the photo, then the complaint."""
    if request.content_type not in FORM_CONTENT_TYPES:
        return error(
            fmt, status=400, description=_("Send the fields form-encoded (application/x-www-form-urlencoded).")
        )
    client = client_for_key(request.POST.get("api_key") or request.GET.get("api_key", ""))
    if client is None:
        return error(fmt, status=403, description=_("A valid api_key is required to submit a service request."))
    code = request.POST.get("service_code", "").strip()
    if not code:
        return error(fmt, status=400, description=_("service_code is required."))
    category = active_service(code)
    if category is None:
        return error(fmt, status=404, description=_("No service with code %(code)s.") % {"code": code})
    try:
        checked = parse_service_request(request.POST, category=category, files=request.FILES)
    except InvalidRequest as problem:
        return error(fmt, status=400, description=str(problem))
    photos = list(checked.submission["photos"])
    if checked.media_url and len(photos) < settings.SAMBAT_MAX_IMAGES:
        fetched = fetch_media(checked.media_url)
        photos += [fetched] if fetched is not None else []
    try:
        submission = actions.submit_service_request(
            client=client,
            submission={**checked.submission, "language": get_language() or ""},
            photos=photos,
            device_id=checked.device_id,
            account_id=checked.account_id,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
    except ValidationError as problem:
        return error(fmt, status=400, description=" ".join(problem.messages))
    return render(fmt, root="service_requests", value=[serializers.created_request(submission)], status=201)


@csrf_exempt
@require_GET
def service_request(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    tracking_code = normalise_tracking_code(code)
    complaint = _public_requests().filter(tracking_code=tracking_code).first() if tracking_code else None
    if complaint is None:
        return error(fmt, status=404, description=_("No service request %(id)s.") % {"id": code})
    return render(fmt, root="service_requests", value=[serializers.service_request(complaint)])


@csrf_exempt
@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    submission = submission_for_token(token)
    if submission is None:
        return error(fmt, status=404, description=_("No service request has this token."))
    return render(fmt, root="service_requests", value=[serializers.token(submission)])


@csrf_exempt
@require_GET
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """FixMyStreet's servicerequestupdates: what happened to public complaints between start_date and end_date."""
    try:
        start, end = parse_window(request.GET, now=timezone.now(), default_span=UPDATES_SPAN)
    except BadRequest as problem:
        return error(fmt, status=400, description=str(problem))
    events = public_updates(start=start, end=end, limit=MAX_ROWS)
    return render(fmt, root="service_request_updates", value=[serializers.request_update(event) for event in events])
