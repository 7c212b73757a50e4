"""The city's own labelled complaints, for retraining the routing classifier.

A complaint teaches its department when that department is settled: a staff member decided it (the latest
decision wins), or the department finished the work (resolved or closed) without giving it back. A complaint
whose last word is "not our remit", with nobody having chosen the right department yet, teaches nothing.
Complaints staff had to correct weigh more: they are exactly where the model went wrong.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.routing.choices import CORRECTIVE_KINDS, ExampleKind
from sambat.routing.models import RoutingExample
from sambat.routing.textmodel import Example

CORRECTED_WEIGHT = 2.0
DEFAULT_WEIGHT = 1.0
SETTLED_STATUSES = (Status.RESOLVED, Status.CLOSED)
CHUNK_SIZE = 2000


@dataclass
class _Decision:
    """The latest staff decision about one complaint, and whether any decision corrected an earlier one."""

    kind: str
    department: str | None
    category: str | None
    corrected: bool


def _latest_decisions() -> dict[int, _Decision]:
    """One pass over the examples (far fewer than complaints), oldest first, so later decisions overwrite."""
    decisions: dict[int, _Decision] = {}
    rows = (
        RoutingExample.objects.order_by("complaint_id", "created_at", "id")
        .values_list("complaint_id", "kind", "department__code", "category__code")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for complaint_id, kind, department, category in rows:
        earlier = decisions.get(complaint_id)
        corrected = kind in CORRECTIVE_KINDS or (earlier is not None and earlier.corrected)
        if kind == ExampleKind.CATEGORY_CORRECTION and department is None and earlier is not None:
            department = earlier.department  # a category fixed in the queue keeps the last department chosen
        decisions[complaint_id] = _Decision(kind=kind, department=department, category=category, corrected=corrected)
    return decisions


def iter_city_examples() -> Iterator[Example]:
    """Like `city_examples`, one at a time: two queries, complaints streamed in chunks."""
    decisions = _latest_decisions()
    complaints = (
        Complaint.objects.filter(
            Q(status__in=SETTLED_STATUSES, department__isnull=False)
            | Q(id__in=RoutingExample.objects.values("complaint_id"))
        )
        .order_by("id")
        .values_list("id", "text", "status", "department__code", "category__code")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for complaint_id, text, status, current_department, category in complaints:
        decision = decisions.get(complaint_id)
        department: str | None = current_department
        weight = DEFAULT_WEIGHT
        if decision is not None:
            if decision.kind == ExampleKind.NOT_OUR_REMIT:
                continue
            department = decision.department or (current_department if status != Status.TRIAGE else None)
            weight = CORRECTED_WEIGHT if decision.corrected else DEFAULT_WEIGHT
        if not department or not text:
            continue
        yield Example(text=text, department=department, category=category or "", weight=weight)


def city_examples() -> list[Example]:
    """Every complaint whose department staff have settled, as a training example (department codes)."""
    return list(iter_city_examples())
