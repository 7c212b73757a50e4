import re
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sambat.lib.redact import redact_personal_data
from sambat.notifications.models import OutboxMessage

# The citizen's private link (?k=...) lets its holder reply, rate and reopen: never show it to staff.
_PRIVATE_KEY = re.compile(r"([?&]k=)[A-Za-z0-9_-]+")


_FIELDS: tuple[str, ...] = (
    "channel", "recipient_masked", "subject", "body_shown", "complaint", "status", "attempts", "next_attempt_at",
    "last_error", "created_at", "sent_at",
)  # fmt: skip


def _without_private_keys(text: str) -> str:
    return _PRIVATE_KEY.sub(r"\1…", text)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are queued by actions and sent by the outbox worker (`manage.py deliver_outbox`)."""

    list_display = [
        "created_at",
        "channel",
        "recipient_masked",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "complaint",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["=complaint__tracking_code", "subject"]
    list_select_related = ["complaint"]
    date_hierarchy = "created_at"
    fields = readonly_fields = _FIELDS

    @admin.display(description=_("recipient"))
    def recipient_masked(self, message: OutboxMessage) -> str:
        # Staff diagnose delivery without reading citizens' full phone numbers or e-mail addresses.
        return redact_personal_data(message.recipient)

    @admin.display(description=_("body"))
    def body_shown(self, message: OutboxMessage) -> str:
        return _without_private_keys(message.body)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
