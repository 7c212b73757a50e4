"""What the system itself says on a complaint's timeline, rendered in the reader's language.

Staff and citizens write their own words into `public_message`. The system's sentences ("Sent to Dinas
Perhubungan.") are stored as a key and its arguments in the event's data and translated when shown, so a
citizen reading in English does not see the language of whoever happened to act.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sambat.complaints.models import ComplaintEvent

SYSTEM_MESSAGES: dict[str, Promise] = {
    "being_verified": _("Your report is being verified by the Sambat team."),
    "routed": _("Sent to %(department)s."),
    "routed_automatically": _("Routed automatically to %(department)s (confidence %(percent)s%%)."),
    "assigned": _("Verified and sent to %(department)s."),
    "reassigned": _("Moved to %(department)s."),
    "merged": _("This report is handled together with %(code)s."),
    "merged_unnamed": _("This report is handled together with another report about the same matter."),
    "rechecking": _("The complaint is being re-checked to find the right department."),
    "working_on_it": _("The department is working on it."),
    "photos_added": _("Photos added to the report: %(count)s."),
    "auto_closed": _("Closed automatically: no objection was received after the resolution."),
}


def system_message(key: str, **arguments: str) -> dict[str, object]:
    """Event data that makes the timeline show SYSTEM_MESSAGES[key] with `arguments`."""
    if key not in SYSTEM_MESSAGES:
        raise KeyError(f"unknown system message {key!r}")
    return {"say": key, "say_args": arguments}


def event_message(event: ComplaintEvent) -> str:
    """The public text of an event: the person's own words, or the system's sentence in the active language."""
    if event.public_message:
        return event.public_message
    data = event.data if isinstance(event.data, dict) else {}
    template = SYSTEM_MESSAGES.get(str(data.get("say", "")))
    if template is None:
        return ""
    arguments = data.get("say_args") if isinstance(data.get("say_args"), dict) else {}
    try:
        return str(template) % arguments
    except (KeyError, TypeError, ValueError):
        return str(template)
