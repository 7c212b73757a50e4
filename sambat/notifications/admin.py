import re
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sambat.accounts.choices import Role
from sambat.lib.admin import ReadOnlyAdmin
from sambat.lib.redact import redact_personal_data
from sambat.notifications.choices import MessageLanguage, OutboxStatus
from sambat.notifications.kinds import BY_KEY, KINDS, MessageKind
from sambat.notifications.models import HIDDEN_BODY_PREFIX, MessageTemplate, OutboxMessage
from sambat.notifications.rendering import check_template, default_texts, render_texts

# The citizen's private link (?k=...) lets its holder reply, rate and reopen: never show it to staff.
_PRIVATE_KEY = re.compile(r"([?&]k=)[A-Za-z0-9_-]+")


_FIELDS: tuple[str, ...] = (
    "channel", "recipient_masked", "subject", "body_shown", "complaint", "status", "attempts", "next_attempt_at",
    "last_error", "created_at", "sent_at",
)  # fmt: skip


def _without_private_keys(text: str) -> str:
    return _PRIVATE_KEY.sub(r"\1…", text)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """Read-only: messages are queued by actions and sent by the outbox worker (`manage.py deliver_outbox`)."""

    list_display = [
        "created_at",
        "channel",
        "recipient_masked",
        "subject",
        "status",
        "attempts",
        "next_attempt_shown",
        "sent_at",
        "complaint",
    ]
    list_filter = ["status", "channel"]
    # "I never got the e-mail": an administrator finds it by the exact address (shown masked in the list).
    search_fields = ["=complaint__tracking_code", "=recipient", "subject"]
    ordering = ["-created_at"]
    list_select_related = ["complaint"]
    date_hierarchy = "created_at"
    fields = readonly_fields = _FIELDS

    @admin.display(description=_("next attempt"), ordering="next_attempt_at")
    def next_attempt_shown(self, message: OutboxMessage) -> object:
        # A sent or abandoned message has no next attempt, whatever the column still holds.
        return message.next_attempt_at if message.status in (OutboxStatus.PENDING, OutboxStatus.SENDING) else "—"

    @admin.display(description=_("recipient"))
    def recipient_masked(self, message: OutboxMessage) -> str:
        # Staff diagnose delivery without reading citizens' full phone numbers or e-mail addresses.
        return redact_personal_data(message.recipient)

    @admin.display(description=_("body"))
    def body_shown(self, message: OutboxMessage) -> str:
        if message.dedupe_key.startswith(HIDDEN_BODY_PREFIX):
            return str(_("(hidden: this message carries a sign-in code)"))
        return _without_private_keys(message.body)


def _is_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or getattr(user, "role", "") == Role.ADMIN))


def _placeholder_list(kind: MessageKind) -> SafeString:
    return format_html(
        "<dl>{}</dl>",
        format_html_join("", "<dt><code>{{{{ {} }}}}</code></dt><dd>{}</dd>", kind.placeholders.items()),
    )


def _pre(subject: str, body: str) -> SafeString:
    return format_html("<p><strong>{}</strong></p><pre style='white-space: pre-wrap'>{}</pre>", subject, body)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """The wording of outgoing messages, per kind and language, editable by administrators.

    Without a template (or with an inactive one) the default text in `notifications/kinds.py` is sent.
    """

    list_display = ["key", "language", "subject", "is_active", "updated_at", "updated_by"]
    list_filter = ["language", "is_active", "key"]
    list_select_related = ["updated_by"]
    search_fields = ["subject", "body"]
    fields = ["key", "language", "subject", "body", "is_active", "placeholders", "default_text", "preview"]
    readonly_fields = ["placeholders", "default_text", "preview"]

    @admin.display(description=_("available placeholders"))
    def placeholders(self, template: MessageTemplate | None) -> SafeString:
        kind = BY_KEY.get(template.key) if template is not None else None
        if kind is not None:
            return _placeholder_list(kind)
        # A new template: every kind with its placeholders, since the kind is chosen on this same form, and
        # links that start from the default text.
        add = reverse("admin:notifications_messagetemplate_add")
        return format_html_join(
            "",
            "<h4>{} (<code>{}</code>)</h4><p>{} {}</p>{}",
            (
                (
                    kind.label,
                    kind.key,
                    _("Start from the default text:"),
                    format_html_join(
                        " · ",
                        "<a href='{}?{}'>{}</a>",
                        (
                            (add, urlencode({"key": kind.key, "language": value}), label)
                            for value, label in MessageLanguage.choices
                        ),
                    ),
                    _placeholder_list(kind),
                )
                for kind in KINDS
            ),
        )

    @admin.display(description=_("default text"))
    def default_text(self, template: MessageTemplate | None) -> str:
        kind = BY_KEY.get(template.key) if template is not None else None
        if kind is None:
            return "-"
        return _pre(*default_texts(kind, template.language if template else ""))

    @admin.display(description=_("preview with sample values"))
    def preview(self, template: MessageTemplate | None) -> str:
        kind = BY_KEY.get(template.key) if template is not None else None
        if template is None or kind is None:
            return str(_("Save the template to see a preview."))
        try:
            check_template(template.key, subject=template.subject, body=template.body)
        except ValidationError as exc:
            return format_html("<p class='errornote'>{}</p>", "; ".join(exc.messages))
        shown = render_texts(subject=template.subject, body=template.body, context=kind.sample)
        return _pre(shown.subject, shown.body)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """`?key=...&language=...` opens a new template holding that kind's default text, ready to edit."""
        initial = super().get_changeform_initial_data(request)
        kind = BY_KEY.get(str(initial.get("key", "")))
        if kind is not None and not initial.get("subject") and not initial.get("body"):
            initial["subject"], initial["body"] = default_texts(kind, str(initial.get("language", "")))
        return initial

    def save_model(self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)
