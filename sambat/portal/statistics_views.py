"""The public statistics page: per department, received, on-time rate, median response time and rating."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sambat.portal import statistics as portal_statistics


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    windows = portal_statistics.public_statistics()
    recent = windows[0]
    charts = {
        "on_time": {
            "labels": [row.name for row in recent.rows],
            "series": [{"label": _("On time (%)"), "data": [row.on_time_percent for row in recent.rows]}],
        }
    }
    response = render(
        request,
        "portal/statistics.html",
        {
            "windows": windows,
            "charts": charts,
            "recent_days": portal_statistics.RECENT_DAYS,
            # Horizontal bars: room for each department's name, whatever their number.
            "chart_height": max(200, 28 * len(recent.rows) + 60),
        },
    )
    patch_cache_control(response, public=True, max_age=60)
    return response
