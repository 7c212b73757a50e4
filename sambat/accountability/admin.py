"""The ladder's records in Django's admin, for looking up only: the sweep and the evaluation write them."""

from django.contrib import admin

from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.complaints.admin import ReadOnlyAdmin

_NOTICE_FIELDS = ("complaint", "deadline", "step", "due_at", "department", "created_at")
_EVENT_FIELDS = (
    "department", "kind", "complaint", "period_start", "period_end", "note", "data", "actor", "created_at",
)  # fmt: skip


@admin.register(SlaNotice)
class SlaNoticeAdmin(ReadOnlyAdmin):
    """Each row is a step the sweep took (its claim): the proof that a reminder or warning went out once."""

    list_display = ["complaint", "deadline", "step", "due_at", "department", "created_at"]
    list_filter = ["step", "deadline", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=complaint__tracking_code"]
    list_select_related = ["complaint", "department"]
    date_hierarchy = "created_at"
    fields = readonly_fields = _NOTICE_FIELDS


@admin.register(DepartmentEvent)
class DepartmentEventAdmin(ReadOnlyAdmin):
    """Warnings, escalations and the period's black-vest and honour lists, per department."""

    list_display = ["created_at", "department", "kind", "complaint", "period_start", "period_end", "note"]
    list_filter = ["kind", ("department", admin.RelatedOnlyFieldListFilter), "period_start"]
    search_fields = ["department__name", "department__abbreviation", "=complaint__tracking_code", "note"]
    list_select_related = ["department", "complaint"]
    date_hierarchy = "created_at"
    fields = readonly_fields = _EVENT_FIELDS
