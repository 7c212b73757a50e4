"""Read-only views of the connector's tables. The one action is "retry now" on outbox rows."""

import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sambat.accounts.choices import Role
from sambat.lapor import actions
from sambat.lapor.models import LaporInbound, LaporLink, LaporOutbox
from sambat.lib.admin import ReadOnlyAdmin
from sambat.lib.redact import redact_personal_data

_OUTBOX_FIELDS: tuple[str, ...] = (
    "complaint", "event", "kind", "idempotency_key", "status", "attempts", "next_attempt_at", "last_error",
    "response_id", "created_at", "sent_at", "payload_shown",
)  # fmt: skip
_LINK_FIELDS: tuple[str, ...] = (
    "complaint", "origin", "report_id", "tracking_number", "lapor_status", "forwarded_by", "created_at",
    "acknowledged_at", "last_pushed_at", "last_pulled_at",
)  # fmt: skip
_INBOUND_FIELDS: tuple[str, ...] = (
    "lapor_id", "kind", "report_id", "state", "complaint", "event", "error", "times_received", "received_at",
    "processed_at", "payload_shown",
)  # fmt: skip


def _pretty(value: object) -> str:
    # Payloads may hold a public reporter's name or LAPOR!'s texts: numbers and addresses are masked here too.
    return redact_personal_data(json.dumps(value, ensure_ascii=False, indent=2))


@admin.register(LaporOutbox)
class LaporOutboxAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "complaint",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "response_id",
        "short_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["=complaint__tracking_code", "=idempotency_key", "=response_id"]
    list_select_related = ["complaint"]
    ordering = ["-id"]
    fields = readonly_fields = _OUTBOX_FIELDS
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, row: LaporOutbox) -> str:
        return row.last_error[:80]

    @admin.display(description=_("payload"))
    def payload_shown(self, row: LaporOutbox) -> str:
        return _pretty(row.payload)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.ADMIN))

    @admin.action(description=_("Retry now"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[LaporOutbox]) -> None:
        count = actions.retry_now(row_ids=list(queryset.values_list("id", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d row will be sent at the next sync run.",
                "%(count)d rows will be sent at the next sync run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(LaporLink)
class LaporLinkAdmin(ReadOnlyAdmin):
    list_display = [
        "complaint",
        "origin",
        "report_id",
        "tracking_number",
        "lapor_status",
        "created_at",
        "acknowledged_at",
        "last_pushed_at",
        "last_pulled_at",
    ]
    list_filter = ["origin", "lapor_status"]
    search_fields = ["=complaint__tracking_code", "=report_id", "=tracking_number"]
    list_select_related = ["complaint"]
    fields = readonly_fields = _LINK_FIELDS


@admin.register(LaporInbound)
class LaporInboundAdmin(ReadOnlyAdmin):
    list_display = ["lapor_id", "kind", "report_id", "state", "complaint", "times_received", "received_at", "error"]
    list_filter = ["state", "kind"]
    search_fields = ["=lapor_id", "=report_id", "=complaint__tracking_code"]
    list_select_related = ["complaint"]
    ordering = ["-id"]
    fields = readonly_fields = _INBOUND_FIELDS

    @admin.display(description=_("payload"))
    def payload_shown(self, row: LaporInbound) -> str:
        return _pretty(row.payload)
