"""How many working days each clock gets: the category's own figure, else the city's default (SAMBAT_SLA_*).

Read by the actions that store due dates and by the sweep that closes resolved complaints; a setting changed
later applies to deadlines computed from then on, never to dates already stored.
"""

from django.conf import settings

from sambat.agencies.models import Category


def _days(category: Category | None, field: str, default: int) -> int:
    # An empty value (or 0, which the admin refuses for the newer fields) means "the city's default".
    own = getattr(category, field, None) if category is not None else None
    return own or default


def verify_days(category: Category | None) -> int:
    """Verification and routing by the verifiers (Perwal 19/2010: 3 working days)."""
    return _days(category, "sla_verify_days", settings.SAMBAT_SLA_VERIFY_DAYS)


def respond_days(category: Category | None) -> int:
    """First response and identification by the department, from assignment (3 working days)."""
    return _days(category, "sla_respond_days", settings.SAMBAT_SLA_RESPOND_DAYS)


def resolve_days(category: Category | None) -> int:
    """The handling result announced, from assignment (7 working days)."""
    return _days(category, "sla_resolve_days", settings.SAMBAT_SLA_RESOLVE_DAYS)


def autoclose_days(category: Category | None) -> int:
    """The quiet period after resolution before the complaint closes by itself (10 working days)."""
    return _days(category, "sla_autoclose_days", settings.SAMBAT_SLA_AUTOCLOSE_DAYS)
