"""A department's own performance, for its head and officers: this period and the last, and what the
accountability process said about the department (warnings, escalations, the period lists).

Only their own department: the ranking of their peers stays with the leaders (the evaluation page); a
department sees its own place in it. Leaders and administrators are sent to the evaluation, which has it all.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sambat.accountability.evaluation import DepartmentFigures, evaluate_departments
from sambat.accountability.models import DepartmentEvent
from sambat.accounts.choices import Role
from sambat.agencies.models import Department
from sambat.staff.evaluation_views import Period, recent_periods
from sambat.staff.views import _user, roles_required

EVENTS_SHOWN = 30


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    figures: DepartmentFigures | None  # None: the department received nothing in the period
    ranked: int  # departments ranked in the period


@dataclass(frozen=True)
class EventLine:
    event: DepartmentEvent
    note: str  # without the tracking code the line already links to


@dataclass(frozen=True)
class DepartmentPerformance:
    department: Department
    columns: list[PeriodFigures]
    events: list[EventLine]


def _event_line(event: DepartmentEvent) -> EventLine:
    code = event.complaint.tracking_code if event.complaint else ""
    return EventLine(event, event.note.removeprefix(f"{code}: ") if code else event.note)


def _performance(departments: list[Department], periods: list[Period]) -> list[DepartmentPerformance]:
    now = timezone.now()
    columns: dict[int, list[PeriodFigures]] = {department.pk: [] for department in departments}
    for period in periods:
        evaluated = evaluate_departments(start=period.start, end=period.end, now=now)
        everyone = {item.department.pk: item for item in evaluated}
        ranked = sum(1 for item in everyone.values() if item.rank is not None)
        for department in departments:
            columns[department.pk].append(PeriodFigures(period, everyone.get(department.pk), ranked))
    return [
        DepartmentPerformance(
            department,
            columns[department.pk],
            [
                _event_line(event)
                for event in DepartmentEvent.objects.filter(department=department)
                .select_related("complaint")
                .order_by("-created_at")[:EVENTS_SHOWN]
            ],
        )
        for department in departments
    ]


@require_GET
@roles_required(Role.OFFICER, Role.HEAD, Role.ADMIN, Role.LEADER)
def performance(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role in (Role.ADMIN, Role.LEADER):
        return redirect("staff:evaluation")  # every department's figures, each one's place included
    departments = list(Department.objects.filter(memberships__user=user).order_by("name"))
    if not departments:
        raise PermissionDenied
    periods = recent_periods(timezone.localdate(), count=2)  # this period so far, and the last
    return render(request, "staff/performance.html", {"sections": _performance(departments, periods)})
