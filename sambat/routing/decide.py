"""The one routing decision every intake path uses (through `complaints.actions.submit_complaint`).

Order:
1. the admins' routing rules (keyword / category / area → department), first match wins;
2. the category the citizen (or the channel) chose: its usual department, or the kecamatan office that
   contains the map pin when the category is handled by kecamatan;
3. the text classifier: at or above the city's confidence threshold the complaint goes straight to the
   predicted department ("dirutekan otomatis"); below it, to the verifiers' triage queue with the top-3
   suggestions, each one click to accept;
4. otherwise triage, always with a reason a verifier can read.

An explicit choice by the citizen outranks a statistical guess, so the classifier decides only when no
category was chosen ("saya tidak tahu") or the category has no department of its own.
"""

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from sambat.agencies.models import Area, Category, Department
from sambat.agencies.queries import kecamatan_office
from sambat.complaints.choices import RoutingSource
from sambat.routing import policy, service
from sambat.routing.rules import first_matching_rule

if TYPE_CHECKING:
    from sambat.routing.models import RoutingRule
    from sambat.routing.textmodel import Prediction

logger = logging.getLogger(__name__)

# Fewer letters than this cannot say what a complaint is about ("", "🙏🙏", "?!").
MIN_LETTERS = 3


@dataclass(frozen=True)
class RouteDecision:
    """Where a complaint should go. `department` None means: send to triage with `reason`."""

    department: Department | None
    category: Category | None
    source: str = ""
    confidence: float | None = None
    reason: str = ""
    suggestions: list[dict] = field(default_factory=list)
    rule: "RoutingRule | None" = None


def decide_route(*, text: str, category: Category | None, area: Area | None) -> RouteDecision:
    rule = first_matching_rule(text=text, category=category, area=area)
    if rule is not None:
        return _by_rule(rule, category=category, area=area)
    if category is not None:
        by_category = _by_category(category, area=area)
        if by_category.department is not None:
            return by_category
        return _by_classifier(text, category=category, area=area, fallback_reason=by_category.reason)
    return _by_classifier(text, category=None, area=area, fallback_reason=_("No category chosen"))


def _by_rule(rule: "RoutingRule", *, category: Category | None, area: Area | None) -> RouteDecision:
    chosen = category or rule.target_category
    department = rule.department
    if chosen is not None and chosen.handled_by_kecamatan:
        department = kecamatan_office(area) or department
    return RouteDecision(department=department, category=chosen, source=RoutingSource.RULE, confidence=1.0, rule=rule)


def _by_category(category: Category, *, area: Area | None) -> RouteDecision:
    if category.handled_by_kecamatan:
        office = kecamatan_office(area)
        if office is not None:
            return RouteDecision(department=office, category=category, source=RoutingSource.AREA, confidence=1.0)
        if category.default_department is None:
            return RouteDecision(
                department=None, category=category, reason=_("Location needed to find the kecamatan office")
            )
    department = category.default_department
    if department is None or not department.is_active:
        return RouteDecision(department=None, category=category, reason=_("Category has no active department"))
    return RouteDecision(department=department, category=category, source=RoutingSource.CATEGORY, confidence=1.0)


def _by_classifier(text: str, *, category: Category | None, area: Area | None, fallback_reason: str) -> RouteDecision:
    def to_triage(reason: str, suggestions: list[dict] | None = None) -> RouteDecision:
        return RouteDecision(
            department=None, category=category, reason=f"{fallback_reason}. {reason}", suggestions=suggestions or []
        )

    city_policy = policy.current_policy()
    if not policy.classifier_enabled(city_policy):
        return to_triage(_("Automatic routing is switched off."))
    if sum(character.isalpha() for character in text) < MIN_LETTERS:
        return to_triage(_("The text is too short to route automatically."))
    model = service.current_model()  # once: the prediction and its threshold must come from the same model
    if model is None:
        return to_triage(_("The routing model is unavailable."))
    prediction = model.predict(text, k=3)
    if not prediction.usable:
        return to_triage(_("The text was not recognised (no word the model knows)."))
    departments = _known_departments(prediction)
    suggestions = [_suggestion(department, probability) for department, probability in departments]
    if not departments:
        return to_triage(_("None of the predicted departments is active in this city."))
    best, confidence = departments[0]
    threshold = policy.auto_route_threshold(model.recommended_threshold(0.9), city_policy)
    if confidence < threshold:
        return to_triage(
            _("Not sure enough to route automatically: best guess %(department)s at %(percent)d%%.")
            % {"department": best.name, "percent": round(confidence * 100)},
            suggestions,
        )
    chosen = category or _predicted_category(prediction, best)
    department = best
    if chosen is not None and chosen.handled_by_kecamatan:
        department = kecamatan_office(area) or best
    return RouteDecision(
        department=department,
        category=chosen,
        source=RoutingSource.MODEL,
        confidence=round(confidence, 4),
        suggestions=suggestions,
    )


def suggestions_for(text: str, *, exclude: Department | None = None) -> list[dict]:
    """The classifier's top-3 departments for a verifier to choose from, leaving out `exclude` (the department
    that just said "bukan kewenangan"). Empty when the classifier has nothing useful to say."""
    if sum(character.isalpha() for character in text) < MIN_LETTERS or not policy.classifier_enabled():
        return []
    try:
        prediction = service.classify(text, k=4)
    except Exception:  # noqa: BLE001 - a suggestion is a convenience; the return itself must go through
        logger.exception("routing: suggestions failed")
        return []
    if prediction is None or not prediction.usable:
        return []
    known = [(department, p) for department, p in _known_departments(prediction) if department != exclude]
    return [_suggestion(department, probability) for department, probability in known[:3]]


def _suggestion(department: Department, probability: float) -> dict:
    return {"department": department.code, "name": department.name, "probability": round(probability, 4)}


def _known_departments(prediction: "Prediction") -> list[tuple[Department, float]]:
    """The predicted departments that exist and are active in this city, best first."""
    codes = [code for code, _probability in prediction.departments]
    active = {department.code: department for department in Department.objects.filter(code__in=codes, is_active=True)}
    return [(active[code], probability) for code, probability in prediction.departments if code in active]


def _predicted_category(prediction: "Prediction", department: Department) -> Category | None:
    """The model's category, when the city has it and it belongs with the chosen department."""
    if prediction.category is None:
        return None
    code, _probability = prediction.category
    category = Category.objects.filter(code=code, is_active=True).select_related("default_department").first()
    if category is None:
        return None
    if category.default_department_id in (None, department.pk) or category.handled_by_kecamatan:
        return category
    return None
