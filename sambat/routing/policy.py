"""The city's routing policy: is the classifier on, and how confident must it be to route by itself."""

from django.conf import settings

from sambat.routing.models import MIN_THRESHOLD, RoutingPolicy

FALLBACK_THRESHOLD = 0.7


def current_policy() -> RoutingPolicy:
    """The one policy row, created with the defaults the first time it is asked for."""
    policy, _created = RoutingPolicy.objects.get_or_create(pk=RoutingPolicy.SINGLETON_ID)
    return policy


def classifier_enabled(policy: RoutingPolicy | None = None) -> bool:
    return (policy or current_policy()).enabled


def auto_route_threshold(recommended: float | None, policy: RoutingPolicy | None = None) -> float:
    """The confidence at or above which the classifier's choice is assigned without a verifier.

    The city's own value when it set one; else the model's recommendation (its threshold for 90% precision);
    else ROUTING_DEFAULT_THRESHOLD. A recommendation below MIN_THRESHOLD is raised to it: under one chance in two
    the verifiers should decide, whatever a model's validation said.
    """
    chosen = (policy or current_policy()).auto_route_threshold
    if chosen is not None:
        return float(chosen)
    if recommended is not None:
        return max(float(recommended), MIN_THRESHOLD)
    return float(getattr(settings, "ROUTING_DEFAULT_THRESHOLD", FALLBACK_THRESHOLD))
