"""Turn a message kind and its context into a subject and body, with an admin's template when there is one.

Templates are rendered by a Django template engine of their own: no template loaders, no tag libraries beyond
the built-ins, no autoescaping (messages are plain text) and a context of plain strings only. A template that
fails at send time is logged and the default text is sent instead: a wording mistake must never lose a message.
"""

import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from sambat.notifications.kinds import BY_KEY, MessageKind

logger = logging.getLogger(__name__)

_ENGINE = Engine(autoescape=False)
# Marks an unknown placeholder when checking a template: Django puts the variable's name in place of %s.
_CHECK_ENGINE = Engine(autoescape=False, string_if_invalid="\x00%s\x00")
_UNKNOWN = re.compile("\x00([^\x00]*)\x00")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def _render(engine: Engine, text: str, context: dict[str, str]) -> str:
    return engine.from_string(text).render(Context(context, autoescape=False))


def _one_line(subject: str) -> str:
    # A line break in a subject is refused by the mail library (header injection); it would never be sent.
    return " ".join(subject.split())[:200]


def default_texts(kind: MessageKind, language: str) -> tuple[str, str]:
    return kind.defaults.get(language) or kind.defaults["id"]


def render_default(key: str, *, language: str, context: dict[str, str]) -> Rendered:
    subject, body = default_texts(BY_KEY[key], language)
    return render_texts(subject=subject, body=body, context=context)


def render_texts(*, subject: str, body: str, context: dict[str, str]) -> Rendered:
    """Render a subject and body (raises whatever the template raises)."""
    return Rendered(_one_line(_render(_ENGINE, subject, context)), _render(_ENGINE, body, context).strip())


def render_message(key: str, *, language: str, context: dict[str, str]) -> Rendered:
    """The admin's active template for (key, language) if there is one and it renders, else the default."""
    from sambat.notifications.models import MessageTemplate  # the model validates with this module

    template = MessageTemplate.objects.filter(key=key, language=language, is_active=True).first()
    if template is not None:
        try:
            rendered = render_texts(subject=template.subject, body=template.body, context=context)
        except Exception:  # noqa: BLE001 - any template failure: send the default wording, never nothing
            logger.exception("message template %s/%s failed; sending the default text", key, language)
        else:
            if rendered.body:
                return rendered
            logger.error("message template %s/%s rendered an empty body; sending the default text", key, language)
    return render_default(key, language=language, context=context)


def _needs_link(kind: MessageKind) -> bool:
    """The kind's own default texts carry the link, so an admin's version must keep it too."""
    return "url" in kind.sample and any("{{ url }}" in body for _subject, body in kind.defaults.values())


def check_template(key: str, *, subject: str, body: str) -> None:
    """Raise ValidationError (per field) unless both texts compile, use only the kind's placeholders and
    render a non-empty result with the kind's sample values."""
    kind = BY_KEY.get(key)
    if kind is None:
        raise ValidationError({"key": _("Unknown message kind.")})
    errors: dict[str, str] = {}
    for field_name, text in (("subject", subject), ("body", body)):
        try:
            rendered = _render(_CHECK_ENGINE, text, kind.sample)
        except TemplateSyntaxError as exc:
            errors[field_name] = _("The template does not compile: %(error)s") % {"error": exc}
            continue
        except Exception as exc:  # noqa: BLE001 - any rendering failure is the admin's to fix, shown as such
            errors[field_name] = _("The template fails with the sample values: %(error)s") % {"error": exc}
            continue
        unknown = sorted(set(_UNKNOWN.findall(rendered)))
        if unknown:
            errors[field_name] = _("Unknown placeholder(s): %(unknown)s. Available: %(available)s.") % {
                "unknown": ", ".join(unknown),
                "available": ", ".join(kind.placeholders),
            }
        elif not rendered.strip():
            errors[field_name] = _("The text is empty once the placeholders are filled in.")
        elif field_name == "body" and _needs_link(kind) and kind.sample["url"] not in rendered:
            # The private link is how a citizen answers and rates, and how staff open the complaint.
            errors[field_name] = _("Keep the link {{ url }} in the text: without it the reader cannot open the report.")
    if errors:
        raise ValidationError(errors)
