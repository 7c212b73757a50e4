"""The two-monthly evaluation for leaders and administrators: the table, its XLSX and PDF, the period's lists.

Leaders and administrators see every department's figures for any period; administrators also record the
black-vest and honour lists of a period that has ended. Department officers and heads may not see the
ranking of their peers here (403). Views parse the period, check the role, call `accountability`, respond.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sambat.accountability.choices import DepartmentEventKind
from sambat.accountability.evaluation import record_period_lists
from sambat.accountability.models import DepartmentEvent
from sambat.accountability.reports import FORMATS, build_report, file_name, period_label
from sambat.accountability.reports import render as render_report
from sambat.accounts.choices import Role
from sambat.staff.views import _user, roles_required

VIEWERS = (Role.ADMIN, Role.LEADER)
# A custom period longer than this is refused: the page is for evaluations, not the city's whole history.
MAX_PERIOD_DAYS = 731


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def query(self) -> str:
        return urlencode({"from": self.start.isoformat(), "to": self.end.isoformat()})

    def has_ended(self, today: dt.date) -> bool:
        return self.end < today


def two_month_period(day: dt.date) -> Period:
    """The evaluation period holding `day`: January-February, March-April, ... November-December."""
    first_month = day.month - (day.month - 1) % 2
    start = dt.date(day.year, first_month, 1)
    following = dt.date(day.year + 1, 1, 1) if first_month == 11 else dt.date(day.year, first_month + 2, 1)
    return Period(start, following - dt.timedelta(days=1))


def recent_periods(today: dt.date, count: int = 3) -> list[Period]:
    """The current two-month period and the ones before it, newest first."""
    periods = [two_month_period(today)]
    while len(periods) < count:
        periods.append(two_month_period(periods[-1].start - dt.timedelta(days=1)))
    return periods


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data: object = None, **kwargs: object) -> None:
        # The query string says from/to (as the command line does); the form's fields cannot be called "from".
        if data is not None:
            data = {"start": data.get("from", ""), "end": data.get("to", "")}  # type: ignore[attr-defined]
        super().__init__(data, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The period must start before it ends."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Please choose a period of at most two years."))
        return cleaned

    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def _period_from(request: HttpRequest, default: Period) -> tuple[Period | None, PeriodForm]:
    """The period asked for in the query string (or POST data), the default when none is; None if invalid."""
    source = request.POST if request.method == "POST" else request.GET
    if "from" not in source and "to" not in source:
        return default, PeriodForm(initial={"start": default.start, "end": default.end})
    form = PeriodForm(source)
    return (form.period() if form.is_valid() else None), form


def _evaluation_url(period: Period) -> str:
    return f"{reverse('staff:evaluation')}?{period.query}"


@roles_required(*VIEWERS)
def evaluation(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    is_admin = user.role == Role.ADMIN
    today = timezone.localdate()
    periods = recent_periods(today)
    period, form = _period_from(request, default=periods[1])
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if period is None:
            messages.error(request, _("Nothing was recorded: the period is not valid."))
            return redirect("staff:evaluation")
        if not period.has_ended(today):
            messages.error(request, _("The lists of a period can be recorded only once it has ended."))
            return redirect(_evaluation_url(period))
        written = record_period_lists(period.start, period.end, user)
        if written:
            messages.success(
                request,
                _("The black-vest and honour lists of %(period)s were recorded (%(count)d departments).")
                % {"period": period.label, "count": len(written)},
            )
        else:
            messages.info(request, _("The lists of %(period)s were already recorded.") % {"period": period.label})
        return redirect(_evaluation_url(period))

    context: dict[str, object] = {
        "form": form,
        "periods": periods,
        "period": period,
        "is_admin": is_admin,
        "minimum": settings.SAMBAT_EVALUATION_MIN_COMPLAINTS,
        # The dates as typed when they are wrong, so they can be corrected.
        "start_value": form.data.get("start", "") if form.is_bound else period and period.start.isoformat(),
        "end_value": form.data.get("end", "") if form.is_bound else period and period.end.isoformat(),
    }
    if period is not None:
        report = build_report(start=period.start, end=period.end)
        recorded = list(
            DepartmentEvent.objects.filter(
                period_start=period.start,
                period_end=period.end,
                kind__in=[DepartmentEventKind.BLACK_VEST, DepartmentEventKind.HONOUR],
            )
            .select_related("actor")
            .order_by("created_at")[:1]
        )
        context |= {
            "report": report,
            "totals": report.totals,
            "downloads": [
                (file_format, f"{reverse('staff:evaluation_download')}?{period.query}&format={file_format}")
                for file_format in FORMATS
            ],
            "can_record": is_admin and period.has_ended(today),
            "recorded": recorded[0] if recorded else None,
        }
    status = 200 if period is not None else 400
    return render(request, "staff/evaluation.html", context, status=status)


@require_GET
@roles_required(*VIEWERS)
def evaluation_download(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "")
    form = PeriodForm(request.GET)
    if file_format not in FORMATS or not form.is_valid():
        return HttpResponse(_("Unknown period or format."), status=400, content_type="text/plain; charset=utf-8")
    period = form.period()
    content, content_type = render_report(build_report(start=period.start, end=period.end), file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(period.start, period.end, file_format)}"'
    return response
