"""Routing in Django's admin: rules (editable, with how many complaints each routed), the policy, examples.

Examples are written by staff decisions on complaints, so they are read-only here.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sambat.lib.admin import ReadOnlyAdmin
from sambat.routing.models import RoutingExample, RoutingPolicy, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active", "department", "category", "area", "hits"]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "keywords"]
    list_select_related = ["department", "category", "area"]
    autocomplete_fields = ["department", "category", "target_category", "area"]
    fields = ["name", "position", "is_active", "keywords", "category", "area", "department", "target_category"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoutingRule]:
        return super().get_queryset(request).defer("area__boundary").annotate(hit_count=Count("routed_complaints"))

    @admin.display(description=_("complaints routed"), ordering="hit_count")
    def hits(self, rule: RoutingRule) -> int:
        return int(getattr(rule, "hit_count", 0))


@admin.register(RoutingPolicy)
class RoutingPolicyAdmin(admin.ModelAdmin):
    """One row: it can be changed, not added twice or deleted."""

    list_display = ["__str__", "enabled", "auto_route_threshold", "updated_at"]
    fields = ["enabled", "auto_route_threshold"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RoutingPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RoutingExample)
class RoutingExampleAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "department", "rejected_department", "category", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["complaint", "department", "rejected_department", "category", "actor"]
    search_fields = ["complaint__tracking_code"]
    date_hierarchy = "created_at"
    fields = ["complaint", "kind", "department", "rejected_department", "category", "actor", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoutingExample]:
        return super().get_queryset(request).defer("complaint__text")
