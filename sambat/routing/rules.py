"""The admins' routing rules, matched against each new complaint before the text classifier.

This runs on every submission, so the active rules are kept in this process in a compiled form (normalised
phrases and condition ids). A cheap version query (count, highest id, latest change of the rule table) tells
each process when another one has changed the rules; saving or deleting a rule here forgets the copy at once.
Only the rule that matched is read in full, so its department is always current.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Max

from sambat.agencies.models import Area, Category
from sambat.routing.models import RoutingRule

_SEPARATORS = re.compile(r"[\n,;]+")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, every run of non-letters/digits one space, padded with spaces.

    The padding makes `" phrase " in text` a whole-word match: "jalan" does not match "jalanan".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _NOT_WORD.sub(" ", without_accents.casefold()).strip()
    return f" {words} " if words else ""


def split_keywords(keywords: str) -> list[str]:
    """The phrases of a rule's keyword field (one per line or comma-separated), as written, blanks dropped."""
    seen: list[str] = []
    for part in _SEPARATORS.split(keywords or ""):
        phrase = " ".join(part.split())
        if phrase and normalise(phrase) and phrase not in seen:
            seen.append(phrase)
    return seen


@dataclass(frozen=True)
class CompiledRule:
    id: int
    phrases: tuple[str, ...]  # normalised and padded; empty: no keyword condition
    category_id: int | None
    area_id: int | None

    def matches(self, *, padded_text: str, category_id: int | None, area: Area | None) -> bool:
        if self.category_id is not None and self.category_id != category_id:
            return False
        if self.area_id is not None and (area is None or self.area_id not in (area.id, area.parent_id)):
            return False
        return not self.phrases or any(phrase in padded_text for phrase in self.phrases)


Version = tuple[int, int | None, object]

_lock = threading.Lock()
_cache: tuple[Version, tuple[CompiledRule, ...]] | None = None


def forget_cached_rules() -> None:
    global _cache
    with _lock:
        _cache = None


def _version() -> Version:
    figures = RoutingRule.objects.aggregate(n=Count("id"), last_id=Max("id"), changed=Max("updated_at"))
    return (figures["n"], figures["last_id"], figures["changed"])


def _compile(rule: RoutingRule) -> CompiledRule:
    phrases = tuple(normalise(phrase) for phrase in split_keywords(rule.keywords))
    return CompiledRule(
        id=rule.id, phrases=tuple(p for p in phrases if p), category_id=rule.category_id, area_id=rule.area_id
    )


def active_rules() -> tuple[CompiledRule, ...]:
    """The active rules in order, compiled; re-read only when the rule table has changed (one small query)."""
    global _cache
    version = _version()
    cached = _cache
    if cached is not None and cached[0] == version:
        return cached[1]
    rules = tuple(
        _compile(rule)
        for rule in RoutingRule.objects.filter(is_active=True)
        .only("id", "keywords", "category_id", "area_id", "position")
        .order_by("position", "id")
    )
    with _lock:
        _cache = (version, rules)
    return rules


def first_matching_rule(*, text: str, category: Category | None, area: Area | None) -> RoutingRule | None:
    """The first active rule, in order, whose conditions all hold and whose department is active."""
    compiled = active_rules()
    if not compiled:
        return None
    padded_text = normalise(text)
    category_id = category.id if category is not None else None
    for candidate in compiled:
        if not candidate.matches(padded_text=padded_text, category_id=category_id, area=area):
            continue
        rule = (
            RoutingRule.objects.filter(pk=candidate.id, is_active=True)
            .select_related("department", "target_category", "target_category__default_department")
            .first()
        )
        if rule is not None and rule.department.is_active:
            return rule
    return None
