from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sambat.accounts.models import User
from sambat.agencies.models import Membership

admin.site.site_header = _("Sambat administration")
admin.site.site_title = _("Sambat administration")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["department"]
    fields = ["department", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = _("department")
    verbose_name_plural = _("departments (for officers and heads)")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "role", "department_list", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "phone"]}),
        (_("Role in Sambat"), {"fields": ["role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Role in Sambat"), {"fields": ["role", "first_name", "last_name", "email", "phone"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships__department")

    @admin.display(description=_("name"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("departments"))
    def department_list(self, user: User) -> str:
        return ", ".join(str(membership.department) for membership in user.memberships.all())
