from django.contrib import admin

from sambat.sla.models import LeaveDay


@admin.register(LeaveDay)
class LeaveDayAdmin(admin.ModelAdmin):
    """The city's collective leave days, added to the national holidays when deadlines are computed."""

    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]
