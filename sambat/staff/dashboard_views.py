"""The leaders' dashboard: charts of volume, backlog, lateness and response times, the heat map, the escalation
queue and the departments' standing in the current evaluation period.

The figures come from `accountability.dashboard` (cached briefly); the page hands them to the browser as JSON
(`json_script`) for `staff/dashboard.js`, which draws them with the vendored Chart.js. Every figure is also in a
table, so the page says the same without JavaScript.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sambat.accountability import dashboard
from sambat.accountability.evaluation import DepartmentFigures, evaluate_departments
from sambat.accountability.queries import escalated_complaints
from sambat.accounts.choices import Role
from sambat.complaints.models import Complaint
from sambat.staff.views import roles_required

ESCALATION_LIMIT = 50


def escalation_queue() -> list[Complaint]:
    """The oldest complaints escalated to the leaders (the whole queue is in the inbox)."""
    return list(escalated_complaints()[:ESCALATION_LIMIT])


def department_standing(start: date, end: date) -> list[DepartmentFigures]:
    """The departments' figures for the evaluation period, best first."""
    return evaluate_departments(start=start, end=end)


def _week_label(day: date) -> str:
    return formats.date_format(day, "j M")


def chart_data(figures: dashboard.DashboardFigures) -> dict[str, Any]:
    """What dashboard.js draws: labels and series with their (translated) names, nothing else."""
    weeks = [_week_label(row.week) for row in figures.weeks]
    return {
        "volume": {
            "labels": weeks,
            "series": [
                {"label": _("Received"), "data": [row.received for row in figures.weeks]},
                {"label": _("Finished"), "data": [row.finished for row in figures.weeks]},
                {"label": _("Backlog at the end of the week"), "data": [row.backlog for row in figures.weeks]},
            ],
        },
        "overdue": {
            "labels": [row.name or _("Awaiting verification") for row in figures.overdue],
            "series": [{"label": _("Overdue now"), "data": [row.count for row in figures.overdue]}],
        },
        "response": {
            "labels": [_week_label(row.week) for row in figures.response_times],
            "series": [
                {
                    "label": _("Median hours to first response"),
                    "data": [
                        None if row.median_hours is None else round(row.median_hours, 1)
                        for row in figures.response_times
                    ],
                }
            ],
        },
        "categories": {
            "labels": [dashboard.category_label(row) for row in figures.categories],
            "series": [{"label": _("Complaints"), "data": [row.count for row in figures.categories]}],
        },
        "heat": {
            "counts": {row.code: row.count for row in figures.kelurahan},
            "label": _("complaints"),
        },
    }


@roles_required(Role.ADMIN, Role.LEADER)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    figures = dashboard.dashboard_figures()
    start, end = dashboard.evaluation_period(timezone.localdate())
    context = {
        "figures": figures,
        "charts": chart_data(figures),
        "categories": [(dashboard.category_label(row), row.count) for row in figures.categories],
        "escalated": escalation_queue(),
        "standing": department_standing(start, end),
        "period_start": start,
        "period_end": end,
        "recent_days": dashboard.RECENT_DAYS,
        "geojson_url": reverse("portal:areas_geojson"),
        "map_center": ",".join(str(float(value)) for value in settings.SAMBAT_MAP_CENTER),
        "updated_at": timezone.localtime(figures.generated_at) if isinstance(figures.generated_at, datetime) else None,
    }
    return render(request, "staff/dashboard.html", context)
