"""Reads for the routing screens: the rules with their hit counts and the live accuracy figures.

Each function is a fixed number of aggregate queries, whatever the number of complaints: the figures are
counted in the database over an indexed time window, never row by row in Python.

Definitions (the staff page shows them too):
- auto-routed: the system sent the complaint to a department on arrival (rule, area office, category
  default or text classifier) instead of to the verification queue;
- corrected: after that automatic route, staff moved it to another department or the department returned
  it as "not our remit" (`Complaint.routing_corrected_at`);
- a department's accuracy: of the complaints routed automatically to it, the share not corrected.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sambat.agencies.models import Department
from sambat.complaints.choices import EventType, RoutingSource
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.routing.models import RoutingRule

WINDOWS = (30, 90)
AUTOMATIC_SOURCES = (RoutingSource.RULE, RoutingSource.AREA, RoutingSource.CATEGORY, RoutingSource.MODEL)


def rules_with_hits() -> QuerySet[RoutingRule]:
    """All rules in order, each with `hit_count`: how many complaints it routed (one query)."""
    return (
        RoutingRule.objects.select_related("department", "category", "area", "target_category")
        .defer("area__boundary")
        .annotate(hit_count=Count("routed_complaints"))
        .order_by("position", "id")
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class SourceCount:
    source: RoutingSource
    count: int
    share: float | None


@dataclass(frozen=True)
class WindowFigures:
    """What happened to the complaints received in the last `days` days."""

    days: int
    received: int
    auto_routed: int
    corrected: int
    by_source: list[SourceCount]

    @property
    def to_verification(self) -> int:
        return self.received - self.auto_routed

    @property
    def auto_share(self) -> float | None:
        return _share(self.auto_routed, self.received)

    @property
    def corrected_share(self) -> float | None:
        return _share(self.corrected, self.auto_routed)


@dataclass(frozen=True)
class DepartmentAccuracy:
    department_id: int
    code: str
    name: str
    routed: dict[int, int]  # days → complaints routed automatically to the department
    corrected: dict[int, int]

    def accuracy(self, days: int) -> float | None:
        routed = self.routed.get(days, 0)
        return _share(routed - self.corrected.get(days, 0), routed)

    @property
    def accuracy_30(self) -> float | None:
        return self.accuracy(30)

    @property
    def accuracy_90(self) -> float | None:
        return self.accuracy(90)


def _since(days: int, now: dt.datetime | None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=days)


def window_figures(*, now: dt.datetime | None = None, windows: tuple[int, ...] = WINDOWS) -> list[WindowFigures]:
    """Auto-routed and corrected counts for each window, in one query over the longest one."""
    since = {days: _since(days, now) for days in windows}
    automatic = ~Q(auto_routing_source="")
    aggregates: dict[str, Count] = {}
    for days, start in since.items():
        recent = Q(created_at__gte=start)
        aggregates[f"received_{days}"] = Count("id", filter=recent)
        aggregates[f"corrected_{days}"] = Count("id", filter=recent & automatic & Q(routing_corrected_at__isnull=False))
        for source in AUTOMATIC_SOURCES:
            aggregates[f"{source.value}_{days}"] = Count("id", filter=recent & Q(auto_routing_source=source))
    figures = Complaint.objects.filter(created_at__gte=min(since.values())).aggregate(**aggregates)
    result = []
    for days in windows:
        counts = {source: figures[f"{source.value}_{days}"] for source in AUTOMATIC_SOURCES}
        auto_routed = sum(counts.values())
        result.append(
            WindowFigures(
                days=days,
                received=figures[f"received_{days}"],
                auto_routed=auto_routed,
                corrected=figures[f"corrected_{days}"],
                by_source=[
                    SourceCount(source=source, count=count, share=_share(count, auto_routed))
                    for source, count in counts.items()
                ],
            )
        )
    return result


def department_accuracy(
    *, now: dt.datetime | None = None, windows: tuple[int, ...] = WINDOWS
) -> list[DepartmentAccuracy]:
    """Per department, of the complaints routed to it automatically in each window, how many were corrected.

    Read from the automatic routing events (indexed by type and time), which name the department the system
    chose, even when staff later moved the complaint. Most routed first.
    """
    since = {days: _since(days, now) for days in windows}
    corrected = Q(complaint__routing_corrected_at__isnull=False)
    aggregates: dict[str, Count] = {}
    for days, start in since.items():
        aggregates[f"routed_{days}"] = Count("id", filter=Q(created_at__gte=start))
        aggregates[f"corrected_{days}"] = Count("id", filter=Q(created_at__gte=start) & corrected)
    rows = (
        ComplaintEvent.objects.filter(
            event_type=EventType.ROUTED, created_at__gte=min(since.values()), department__isnull=False
        )
        .order_by()
        .values("department_id")
        .annotate(**aggregates)
    )
    figures: dict[int, dict[str, Any]] = {row["department_id"]: dict(row) for row in rows}
    departments = Department.objects.filter(id__in=figures).only("id", "code", "name")
    result = [
        DepartmentAccuracy(
            department_id=department.id,
            code=department.code,
            name=department.name,
            routed={days: figures[department.id][f"routed_{days}"] for days in windows},
            corrected={days: figures[department.id][f"corrected_{days}"] for days in windows},
        )
        for department in departments
    ]
    longest = max(windows)
    result.sort(key=lambda row: (-row.routed[longest], row.name))
    return result


def model_info() -> dict | None:
    """The classifier in use (version, figures) as the routing service describes it; None without one."""
    try:
        from sambat.routing import service
    except Exception:  # noqa: BLE001 - the page must work while no classifier is installed
        return None
    describe = getattr(service, "current_model_info", None)
    if describe is None:
        return None
    try:
        info = describe()
    except Exception:  # noqa: BLE001 - a broken model file is reported by the service, not by this page
        return None
    return info if isinstance(info, dict) else None
