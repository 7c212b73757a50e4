from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sambat.demo.models import DemoDataset


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    """Shows whether the demo complaints were loaded; `manage.py load_demo` writes it."""

    list_display = ["name", "loaded_at", "complaints", "seed"]
    readonly_fields = ["name", "loaded_at", "complaints", "seed"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
