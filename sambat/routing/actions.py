"""Changes to routing data: labelled examples (from complaint actions), rules and the city's policy.

Complaint actions call `record_example` inside their own transaction, so a staff decision and the example it
teaches are stored together or not at all. Rule and policy changes are admins' work; the staff views and the
Django admin both come through here or through the models' own validation.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.models import Category, Department
from sambat.routing.choices import ExampleKind
from sambat.routing.models import RoutingExample, RoutingPolicy, RoutingRule
from sambat.routing.policy import current_policy

POSITION_STEP = 10


def record_example(
    *,
    complaint_id: int,
    kind: ExampleKind,
    actor: User | None,
    department: Department | None = None,
    rejected_department: Department | None = None,
    category: Category | None = None,
) -> RoutingExample | None:
    """Store what a staff member decided about a complaint's department. Citizens and the system teach nothing."""
    if actor is None or actor.role not in (Role.ADMIN, Role.OFFICER, Role.HEAD, Role.LEADER):
        return None
    if kind == ExampleKind.NOT_OUR_REMIT and rejected_department is None:
        return None
    if kind in (ExampleKind.TRIAGE_ASSIGNMENT, ExampleKind.CORRECTION) and department is None:
        return None
    return RoutingExample.objects.create(
        complaint_id=complaint_id,
        kind=kind,
        actor=actor,
        department=department,
        rejected_department=rejected_department,
        category=category,
    )


def _require_admin(actor: User) -> None:
    if not actor.is_authenticated or not actor.is_active or actor.role != Role.ADMIN:
        raise PermissionDenied(_("Only administrators may change routing."))


def save_rule(*, rule: RoutingRule, actor: User) -> RoutingRule:
    """Create or update a validated rule; a new one goes to the end of the order."""
    _require_admin(actor)
    with transaction.atomic():
        if rule.pk is None:
            last = RoutingRule.objects.order_by("-position").values_list("position", flat=True).first()
            rule.position = (last or 0) + POSITION_STEP
        rule.full_clean()
        rule.save()
    return rule


def delete_rule(*, rule: RoutingRule, actor: User) -> None:
    """Complaints it routed keep their department; their link to the rule is cleared."""
    _require_admin(actor)
    rule.delete()


def set_rule_active(*, rule: RoutingRule, actor: User, active: bool) -> RoutingRule:
    _require_admin(actor)
    rule.is_active = active
    rule.save(update_fields=["is_active", "updated_at"])
    return rule


def move_rule(*, rule: RoutingRule, actor: User, up: bool) -> None:
    """Swap the rule with its neighbour in the order; positions are renumbered 10, 20, ... as a side effect."""
    _require_admin(actor)
    with transaction.atomic():
        rules = list(RoutingRule.objects.select_for_update().order_by("position", "id"))
        index = next((i for i, candidate in enumerate(rules) if candidate.pk == rule.pk), None)
        if index is None:
            return
        other = index - 1 if up else index + 1
        if 0 <= other < len(rules):
            rules[index], rules[other] = rules[other], rules[index]
        for number, candidate in enumerate(rules, start=1):
            if candidate.position != number * POSITION_STEP:
                candidate.position = number * POSITION_STEP
                candidate.save(update_fields=["position", "updated_at"])


def set_policy(*, actor: User, enabled: bool, auto_route_threshold: float | None) -> RoutingPolicy:
    """Change the city's routing policy (values already validated by the form or the admin)."""
    _require_admin(actor)
    with transaction.atomic():
        policy = current_policy()
        policy.enabled = enabled
        policy.auto_route_threshold = auto_route_threshold
        policy.full_clean()
        policy.save(update_fields=["enabled", "auto_route_threshold", "updated_at"])
    return policy
