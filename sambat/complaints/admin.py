"""Complaints in Django's admin are for looking up, never for changing.

Every change of a complaint must go through `complaints.actions` (which writes the event that explains it), and
events are append-only; so these admins are read-only. The reporter's identity follows the same rule as the staff
screens (`reporter_identity_visible`): an anonymous reporter is hidden here too.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sambat.complaints.choices import ActorKind
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.queries import reporter_identity_visible
from sambat.lib.admin import ReadOnlyAdmin

_IDENTITY_FIELDS = ["reporter", "assisted_by", "reporter_name", "reporter_phone", "reporter_email"]
_EVENT_INLINE_FIELDS: tuple[str, ...] = (
    "created_at", "event_type", "actor_kind", "department", "from_status", "to_status", "public_message",
    "internal_note", "is_public",
)  # fmt: skip
_ATTACHMENT_INLINE_FIELDS: tuple[str, ...] = (
    "created_at",
    "event",
    "original_name",
    "width",
    "height",
    "size",
    "is_public",
)
_COMPLAINT_SECTIONS: list[tuple[Any, list[str]]] = [
    (None, ["tracking_code", "status", "kind", "title", "text", "category", "department", "extra"]),
    (_("Place"), ["area", "kecamatan", "latitude", "longitude", "address"]),
    (_("Reporter"), ["privacy", "channel", *_IDENTITY_FIELDS]),
    (
        _("Routing"),
        [
            "triage_reason",
            "routing_source",
            "routing_confidence",
            "routing_suggestions",
            "routing_rule",
            "auto_routing_source",
            "routing_corrected_at",
            "merged_into",
        ],
    ),
    (_("Dates"), [
        "created_at", "updated_at", "verify_due_at", "assigned_at", "respond_due_at", "first_response_at",
        "resolve_due_at", "paused_at", "resolved_at", "closed_at",
    ]),
    (_("Citizen's verdict"), ["rating", "rating_comment", "reopen_count"]),
]  # fmt: skip
_EVENT_FIELDS: tuple[str, ...] = (
    "complaint", "created_at", "event_type", "actor_kind", "actor", "department", "from_status", "to_status",
    "public_message", "internal_note", "is_public", "data",
)  # fmt: skip
_ATTACHMENT_FIELDS: tuple[str, ...] = (
    "complaint", "event", "created_at", "original_name", "stored_as", "width", "height", "size", "sha256", "is_public",
)  # fmt: skip


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = ComplaintEvent
    fields = readonly_fields = _EVENT_INLINE_FIELDS
    ordering = ["created_at", "id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintEvent]:
        return super().get_queryset(request).select_related("department")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = readonly_fields = _ATTACHMENT_INLINE_FIELDS


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = [
        "tracking_code",
        "headline",
        "kind",
        "status",
        "category",
        "department",
        "kecamatan",
        "privacy",
        "channel",
        "created_at",
        "resolve_due_at",
    ]
    list_filter = [
        "status",
        "kind",
        "privacy",
        "channel",
        ("category", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
        ("kecamatan", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["=tracking_code", "title", "text"]
    list_select_related = ["category", "department", "kecamatan"]
    date_hierarchy = "created_at"
    inlines = [EventInline, AttachmentInline]

    def get_fieldsets(self, request: HttpRequest, obj: Complaint | None = None) -> list:  # type: ignore[override]
        hide_identity = obj is not None and not reporter_identity_visible(request.user, obj)  # type: ignore[arg-type]
        return [
            (title, {"fields": [name for name in names if not (hide_identity and name in _IDENTITY_FIELDS)]})
            for title, names in _COMPLAINT_SECTIONS
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Complaint | None = None) -> list[str]:
        return [name for _title, names in _COMPLAINT_SECTIONS for name in names]


def _actor_visible(user: Any, event: ComplaintEvent) -> bool:
    """A citizen's own account would reveal an anonymous reporter: name citizens only where identity may show."""
    return event.actor_kind != ActorKind.CITIZEN or reporter_identity_visible(user, event.complaint)


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin):
    list_filter = ["event_type", "actor_kind", "is_public"]
    search_fields = ["=complaint__tracking_code"]
    list_select_related = ["complaint", "actor", "department"]
    date_hierarchy = "created_at"
    fields = _EVENT_FIELDS

    def get_list_display(self, request: HttpRequest) -> list:  # type: ignore[override]
        # A closure over the request: admin instances are shared between requests, so no per-request state on self.
        @admin.display(description=_("by"))
        def actor_shown(event: ComplaintEvent) -> str:
            if event.actor is None:
                return "—"
            return str(event.actor) if _actor_visible(request.user, event) else str(ActorKind.CITIZEN.label)

        return [
            "complaint",
            "created_at",
            "event_type",
            "actor_kind",
            actor_shown,
            "department",
            "from_status",
            "to_status",
            "is_public",
        ]

    def get_fields(self, request: HttpRequest, obj: ComplaintEvent | None = None) -> list[str]:  # type: ignore[override]
        if obj is not None and not _actor_visible(request.user, obj):
            return [name for name in _EVENT_FIELDS if name != "actor"]
        return list(_EVENT_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: ComplaintEvent | None = None) -> list[str]:
        return list(_EVENT_FIELDS)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    # Files are named but not linked: photos are served only through the views that check the complaint's privacy.
    list_display = ["original_name", "complaint", "event", "created_at", "width", "height", "size", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["=complaint__tracking_code", "original_name", "sha256"]
    list_select_related = ["complaint", "event"]
    fields = readonly_fields = _ATTACHMENT_FIELDS

    @admin.display(description=_("stored as"))
    def stored_as(self, attachment: Attachment) -> str:
        return attachment.image.name or ""
