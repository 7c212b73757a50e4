"""The one signal receiver of the connector, connected in `LaporConfig.ready`.

Why a signal: every complaint action records its steps through one helper (`complaints.actions.record_event`).
Listening for the new event rows lets a linked complaint's public steps reach LAPOR! from every action, present
and future, without each action knowing about LAPOR!, and still inside the action's own transaction. The decision
itself lives in `lapor.actions.on_complaint_event`.
"""

from typing import Any

from sambat.complaints.models import ComplaintEvent
from sambat.lapor import actions


def queue_for_lapor(sender: type[ComplaintEvent], instance: ComplaintEvent, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw", False):  # fixtures (raw) are loaded as they are
        actions.on_complaint_event(instance)
