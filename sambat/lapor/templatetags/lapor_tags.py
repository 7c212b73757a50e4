from typing import Any

from django import template

from sambat.complaints.models import Complaint
from sambat.lapor.client import connector_enabled
from sambat.lapor.queries import link_state, may_forward

register = template.Library()


@register.inclusion_tag("lapor/_staff_panel.html", takes_context=True)
def lapor_panel(context: template.Context, complaint: Complaint) -> dict[str, Any]:
    """The complaint's state in SP4N-LAPOR! and, for verifiers, the forward button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    state = link_state(complaint)
    return {
        "complaint": complaint,
        "state": state,
        "enabled": connector_enabled(),
        "can_forward": may_forward(user, complaint, linked=state.link is not None),
        "csrf_token": context.get("csrf_token"),
    }
