"""Staff pages for routing: the admins' rules and the live accuracy figures with the city's threshold.

Administrators (the verifiers) change rules and the policy; leaders may look; department staff may not.
Views parse, check the role, call `routing.actions`, respond.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sambat.accounts.choices import Role
from sambat.routing import actions, queries
from sambat.routing.models import RoutingRule
from sambat.routing.policy import auto_route_threshold, current_policy
from sambat.staff.forms import RoutingPolicyForm, RoutingRuleForm
from sambat.staff.views import _user, roles_required

VIEWERS = (Role.ADMIN, Role.LEADER)


def _can_edit(request: HttpRequest) -> bool:
    return _user(request).role == Role.ADMIN


@roles_required(*VIEWERS)
def rules(request: HttpRequest) -> HttpResponse:
    context = {"rules": list(queries.rules_with_hits()), "can_edit": _can_edit(request)}
    return render(request, "staff/routing_rules.html", context)


def _rule_form_page(request: HttpRequest, rule: RoutingRule | None) -> HttpResponse:
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST":
        if form.is_valid():
            saved = actions.save_rule(rule=form.save(commit=False), actor=_user(request))
            messages.success(request, _("The rule “%(name)s” was saved.") % {"name": saved.name})
            return redirect("staff:routing_rules")
        messages.error(request, _("Nothing was changed. Please correct the form below."))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "staff/routing_rule_form.html", {"form": form, "rule": rule}, status=status)


@roles_required(Role.ADMIN)
def rule_new(request: HttpRequest) -> HttpResponse:
    return _rule_form_page(request, None)


@roles_required(Role.ADMIN)
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    return _rule_form_page(request, get_object_or_404(RoutingRule, pk=rule_id))


@roles_required(Role.ADMIN)
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    if request.method == "POST":
        actions.delete_rule(rule=rule, actor=_user(request))
        messages.success(request, _("The rule “%(name)s” was deleted.") % {"name": rule.name})
        return redirect("staff:routing_rules")
    return render(request, "staff/routing_rule_delete.html", {"rule": rule})


@require_POST
@roles_required(Role.ADMIN)
def rule_move(request: HttpRequest, rule_id: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404("Unknown direction")
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    actions.move_rule(rule=rule, actor=_user(request), up=direction == "up")
    return redirect("staff:routing_rules")


@require_POST
@roles_required(Role.ADMIN)
def rule_toggle(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(RoutingRule, pk=rule_id)
    actions.set_rule_active(rule=rule, actor=_user(request), active=not rule.is_active)
    if rule.is_active:
        messages.success(request, _("The rule “%(name)s” is active.") % {"name": rule.name})
    else:
        messages.success(request, _("The rule “%(name)s” is switched off.") % {"name": rule.name})
    return redirect("staff:routing_rules")


@roles_required(*VIEWERS)
def accuracy(request: HttpRequest) -> HttpResponse:
    policy = current_policy()
    can_edit = _can_edit(request)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = RoutingPolicyForm(request.POST)
        if form.is_valid():
            actions.set_policy(
                actor=_user(request),
                enabled=form.cleaned_data["enabled"],
                auto_route_threshold=form.cleaned_data["auto_route_threshold"],
            )
            messages.success(request, _("The routing settings were saved."))
            return redirect("staff:routing_accuracy")
        messages.error(request, _("Nothing was changed. Please correct the form below."))
        status = 400
    else:
        form = RoutingPolicyForm(
            initial={"enabled": policy.enabled, "auto_route_threshold": policy.auto_route_threshold}
        )
    model = queries.model_info()
    recommended = model.get("recommended_threshold") if model else None
    windows = queries.window_figures()
    context = {
        "windows": windows,
        "source_rows": [
            {
                "source": source_count.source,
                "counts": [{"days": window.days, "count": window.by_source[index].count} for window in windows],
            }
            for index, source_count in enumerate(windows[0].by_source)
        ],
        "departments": queries.department_accuracy(),
        "model": model,
        "evaluations": _evaluation_rows(model),
        "trained_on": _trained_on(model),
        "policy": policy,
        "recommended": recommended,
        "threshold_in_use": auto_route_threshold(
            float(recommended) if isinstance(recommended, int | float) else None, policy
        ),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "staff/routing_accuracy.html", context, status=status)


# The evaluations a model's metadata may carry, in the order shown, with what each one measures.
EVALUATIONS = (
    ("cross_validated", gettext_lazy("Cross-validation on the training complaints")),
    ("time_holdout", gettext_lazy("Trained on one year, tested on the next")),
    ("topic_holdout", gettext_lazy("Tested on topics it never saw")),
    ("other_cities", gettext_lazy("Complaints written in the style of other cities")),
    ("city", gettext_lazy("This city's corrected complaints")),
)


def _evaluation_rows(model: dict | None) -> list[dict[str, object]]:
    """The model's measured figures, one row per evaluation it carries (see MODEL_CARD.md for the method)."""
    metadata = model.get("metadata") if model else None
    metrics = metadata.get("metrics") if isinstance(metadata, dict) else None
    if not isinstance(metrics, dict):
        return []
    rows = []
    for key, label in EVALUATIONS:
        figures = metrics.get(key)
        if isinstance(figures, dict):
            rows.append(
                {
                    "key": key,
                    "label": label,
                    **{name: figures.get(name) for name in ("n", "top1", "top3", "macro_f1", "coverage_at_90")},
                }
            )
    return rows


def _trained_on(model: dict | None) -> dict[str, object]:
    metadata = model.get("metadata") if model else None
    if not isinstance(metadata, dict):
        return {}
    trained_at = parse_datetime(str(metadata.get("trained_at", "")))
    return {"examples": metadata.get("n_examples"), "newest": trained_at}
