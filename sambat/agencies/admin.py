from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sambat.agencies.choices import DatumType
from sambat.agencies.models import Area, Category, Department, Membership

_QUESTION_KEYS = {"code", "label", "datatype", "required", "values", "description"}
_LIST_TYPES = {DatumType.SINGLEVALUELIST, DatumType.MULTIVALUELIST}


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Boundaries come from a GeoJSON import (`manage.py import_areas`), so they are shown, not edited here."""

    list_display = ["name", "code", "level", "parent", "has_boundary"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "level", "parent", "boundary_summary", "bounding_box", "centroid"]
    readonly_fields = ["boundary_summary", "bounding_box", "centroid"]

    @admin.display(description=_("boundary"), boolean=True)
    def has_boundary(self, area: Area) -> bool:
        return bool(area.boundary)

    @admin.display(description=_("boundary"))
    def boundary_summary(self, area: Area) -> str:
        geometry = area.boundary or {}
        if not geometry:
            return "—"
        polygons = geometry["coordinates"] if geometry.get("type") == "MultiPolygon" else [geometry["coordinates"]]
        points = sum(len(ring) for polygon in polygons for ring in polygon)
        return _("%(type)s, %(polygons)d polygon(s), %(points)d points") % {
            "type": geometry.get("type"),
            "polygons": len(polygons),
            "points": points,
        }

    @admin.display(description=_("bounding box"))
    def bounding_box(self, area: Area) -> str:
        if area.min_lat is None:
            return "—"
        return f"{area.min_lat:.5f}, {area.min_lon:.5f} — {area.max_lat:.5f}, {area.max_lon:.5f}"

    @admin.display(description=_("centroid"))
    def centroid(self, area: Area) -> str:
        if area.centroid_lat is None:
            return "—"
        return f"{area.centroid_lat:.6f}, {area.centroid_lon:.6f}"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "department"]
    fields = ["user", "department", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "code", "kind", "area", "email", "member_count", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "abbreviation", "code"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("staff"), ordering="member_total")
    def member_count(self, department: Department) -> int:
        return department.member_total  # type: ignore[attr-defined]


def _check_question(position: int, question: Any) -> list[str]:
    prefix = gettext("Question %(number)d") % {"number": position}
    if not isinstance(question, dict):
        return [gettext("%(prefix)s must be an object.") % {"prefix": prefix}]
    problems = []
    if not isinstance(question.get("code"), str) or not question["code"]:
        problems.append(gettext("%(prefix)s needs a “code”.") % {"prefix": prefix})
    if not isinstance(question.get("label"), str) or not question["label"]:
        problems.append(gettext("%(prefix)s needs a “label”.") % {"prefix": prefix})
    datatype = question.get("datatype", DatumType.STRING)
    if datatype not in DatumType.values:
        problems.append(
            gettext("%(prefix)s: unknown datatype “%(datatype)s”; use one of %(choices)s.")
            % {"prefix": prefix, "datatype": datatype, "choices": ", ".join(DatumType.values)}
        )
    values = question.get("values")
    if datatype in _LIST_TYPES and not (
        isinstance(values, list) and values and all(isinstance(value, dict) and value.get("key") for value in values)
    ):
        problems.append(
            gettext("%(prefix)s: a list question needs “values”: [{“key”: …, “name”: …}, …].") % {"prefix": prefix}
        )
    unknown = set(question) - _QUESTION_KEYS
    if unknown:
        problems.append(
            gettext("%(prefix)s: unknown keys %(keys)s.") % {"prefix": prefix, "keys": ", ".join(sorted(unknown))}
        )
    return problems


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "name",
            "name_en",
            "code",
            "group",
            "description",
            "sort_order",
            "is_active",
            "default_department",
            "handled_by_kecamatan",
            "sla_verify_days",
            "sla_respond_days",
            "sla_resolve_days",
            "sla_autoclose_days",
            "extra_questions",
        ]

    def clean_extra_questions(self) -> list:
        """The citizen form is built from these definitions, so malformed ones are refused here."""
        questions = self.cleaned_data.get("extra_questions") or []
        if not isinstance(questions, list):
            raise forms.ValidationError(gettext("Extra questions must be a list."))
        problems = [
            problem
            for position, question in enumerate(questions, start=1)
            for problem in _check_question(position, question)
        ]
        codes = [question.get("code") for question in questions if isinstance(question, dict)]
        if len(codes) != len(set(codes)):
            problems.append(gettext("Each question needs its own code."))
        if problems:
            raise forms.ValidationError(problems)
        return questions


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["name", "code", "group", "default_department", "handled_by_kecamatan", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = [
        "is_active",
        "group",
        "handled_by_kecamatan",
        ("default_department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "name_en", "code", "description"]
    list_select_related = ["default_department"]
    autocomplete_fields = ["default_department"]
    prepopulated_fields = {"code": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "name_en", "code", "group", "description", "sort_order", "is_active"]}),
        (_("Routing"), {"fields": ["default_department", "handled_by_kecamatan"]}),
        (
            _("Deadlines (working days; empty: the defaults)"),
            {"fields": ["sla_verify_days", "sla_respond_days", "sla_resolve_days", "sla_autoclose_days"]},
        ),
        (_("Extra questions"), {"fields": ["extra_questions"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "created_at"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "department__name",
        "department__abbreviation",
    ]
    list_select_related = ["user", "department"]
    autocomplete_fields = ["user", "department"]
