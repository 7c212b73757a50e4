from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sambat.lib.admin import ReadOnlyAdmin
from sambat.open311.actions import give_new_key, replace_key
from sambat.open311.models import Open311Client, Open311Submission


def _show_key_once(request: HttpRequest, client: Open311Client, key: str) -> None:
    messages.warning(
        request,
        _("API key of %(name)s: %(key)s — copy it now: it is not stored and will not be shown again.")
        % {"name": client.name, "key": key},
    )


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Keys are made here or by `manage.py open311_key`; only their first characters are ever shown afterwards."""

    list_display = ["name", "channel_name", "key_prefix_shown", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "channel_name", "key_prefix"]
    fields = ["name", "channel_name", "is_active", "key_prefix_shown", "created_at", "last_used_at"]
    readonly_fields = ["key_prefix_shown", "created_at", "last_used_at"]
    actions = ["replace_keys"]

    @admin.display(description=_("key starts with"))
    def key_prefix_shown(self, client: Open311Client) -> str:
        return f"{client.key_prefix}…" if client.key_prefix else ""

    def save_model(self, request: HttpRequest, obj: Open311Client, form: ModelForm, change: bool) -> None:
        key = "" if change else give_new_key(obj)
        super().save_model(request, obj, form, change)
        if key:
            _show_key_once(request, obj, key)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Its complaints keep pointing at the client: switch it off (active) instead.
        return False

    @admin.action(description=_("Replace the API key (the old key stops working)"))
    def replace_keys(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        for client in queryset:
            _show_key_once(request, client, replace_key(client=client))


_SUBMISSION_FIELDS: tuple[str, ...] = ("created_at", "client", "complaint", "token", "device_id", "account_id")


@admin.register(Open311Submission)
class Open311SubmissionAdmin(ReadOnlyAdmin):
    """Read-only: which client sent which complaint."""

    list_display = ["created_at", "client", "complaint", "device_id", "account_id"]
    list_filter = ["client"]
    search_fields = ["=complaint__tracking_code", "=token"]
    list_select_related = ["client", "complaint"]
    fields = readonly_fields = _SUBMISSION_FIELDS
