"""Two example routing rules, so the demo's rules page shows what a city would write.

Created once by name: an admin who edits or deletes them in the demo is not overruled by loading again.
"""

from dataclasses import dataclass

from sambat.agencies.models import Area, Department
from sambat.routing.models import RoutingRule


@dataclass(frozen=True)
class DemoRule:
    name: str
    keywords: str
    department: str
    area: str = ""


DEMO_RULES = (
    DemoRule(
        name="Drainase di Kecamatan Sukun",
        keywords="drainase\nsaluran air\ngorong-gorong",
        department="dpuprpkp",
        area="35.73.04",
    ),
    DemoRule(name="Lampu lalu lintas", keywords="lampu lalu lintas\nlampu merah\ntraffic light", department="dishub"),
)


def load_routing_rules() -> int:
    """Create the example rules that are missing; returns how many were created."""
    created = 0
    for position, spec in enumerate(DEMO_RULES, start=1):
        if RoutingRule.objects.filter(name=spec.name).exists():
            continue
        department = Department.objects.filter(code=spec.department, is_active=True).first()
        area = Area.objects.filter(code=spec.area).first() if spec.area else None
        if department is None or (spec.area and area is None):
            continue
        rule = RoutingRule(
            name=spec.name, keywords=spec.keywords, department=department, area=area, position=position * 10
        )
        rule.full_clean()
        rule.save()
        created += 1
    return created
