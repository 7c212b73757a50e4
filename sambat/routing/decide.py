"""The one routing decision every intake path uses (through `complaints.actions.submit_complaint`).

Order: the category the citizen chose (its default department, or the kecamatan office that contains
the map pin when the category is handled by kecamatan). Without a category, the complaint goes to the
verifiers' triage queue. Admin rules and the text classifier plug in here, ahead of the fallback.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sambat.agencies.models import Area, Category, Department
from sambat.agencies.queries import kecamatan_office
from sambat.complaints.choices import RoutingSource


@dataclass(frozen=True)
class RouteDecision:
    """Where a complaint should go. `department` None means: send to triage with `reason`."""

    department: Department | None
    category: Category | None
    source: str = ""
    confidence: float | None = None
    reason: str = ""
    suggestions: list[dict] = field(default_factory=list)


def decide_route(*, text: str, category: Category | None, area: Area | None) -> RouteDecision:
    if category is None:
        return RouteDecision(department=None, category=None, reason=str(_("No category chosen")))
    if category.handled_by_kecamatan:
        office = kecamatan_office(area)
        if office is not None:
            return RouteDecision(department=office, category=category, source=RoutingSource.AREA, confidence=1.0)
        if category.default_department is None:
            return RouteDecision(
                department=None, category=category, reason=str(_("Location needed to find the kecamatan office"))
            )
    department = category.default_department
    if department is None or not department.is_active:
        return RouteDecision(department=None, category=category, reason=str(_("Category has no active department")))
    return RouteDecision(department=department, category=category, source=RoutingSource.CATEGORY, confidence=1.0)
