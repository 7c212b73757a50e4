"""Forms of the staff workspace: the inbox filters and one form per complaint action.

Forms only parse and validate input; the actions in `complaints.actions` decide and change.
"""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category, Department
from sambat.agencies.queries import active_categories, active_departments
from sambat.complaints.choices import Kind, Status
from sambat.complaints.models import Complaint
from sambat.complaints.queries import InboxFilters, find_by_tracking_code
from sambat.lib.images import ImageRejected, clean_images
from sambat.routing.models import MAX_THRESHOLD, MIN_THRESHOLD, RoutingRule

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SORT_CHOICES = [("due", _("Due date")), ("newest", _("Newest first"))]
STATUS_FILTER_CHOICES = [("open", _("Open")), ("all", _("All")), *Status.choices]
MAX_MESSAGE_LENGTH = 10_000


# --- inbox filters ----------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    """GET parameters of the inbox. Invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(
        self,
        data: Any,
        *,
        categories: list[Category],
        kecamatans: list[Area],
        departments: list[Department],
    ) -> None:
        super().__init__(data)
        self._choice_field("category").choices = [("", _("All categories")), *((c.code, c.label) for c in categories)]
        self._choice_field("kecamatan").choices = [("", _("All kecamatan")), *((a.code, a.name) for a in kecamatans)]
        if len(departments) > 1:
            self._choice_field("department").choices = [
                ("", _("All departments")),
                *((d.id, d.name) for d in departments),
            ]
        else:
            del self.fields["department"]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def filters(self) -> InboxFilters:
        """The filters to apply: the valid fields, defaults for the rest."""
        self.is_valid()
        data = self.cleaned_data
        return InboxFilters(
            status=data.get("status") or "open",
            overdue=bool(data.get("overdue")),
            category_code=data.get("category") or "",
            kecamatan_code=data.get("kecamatan") or "",
            query=(data.get("q") or "").strip(),
            department_id=data.get("department"),
            sort=data.get("sort") or "due",
        )


# --- photo uploads ----------------------------------------------------------------------------


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Several photos in one input, verified and re-encoded as a batch (one bad file rejects all)."""

    widget = MultipleImageInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def clean(self, data: Any, initial: Any = None) -> list:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        try:
            return clean_images(uploads, limit=settings.SAMBAT_MAX_IMAGES)
        except ImageRejected as exc:
            raise ValidationError(str(exc), code="invalid_image") from exc


# --- complaint actions ------------------------------------------------------------------------


def _text(label: "StrOrPromise", *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionForm(forms.Form):
    """Base of the action forms; knows the complaint so it can offer sensible initial values."""

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        self.complaint = complaint
        super().__init__(*args, **kwargs)


def _department_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Department"), queryset=active_departments(), to_field_name="code", empty_label=None
    )


def _category_field(*, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Category"),
        queryset=active_categories(),
        to_field_name="code",
        required=required,
        empty_label=_("(keep)") if not required else None,
    )


class AssignForm(ActionForm):
    department = _department_field()
    category = _category_field(required=False)
    note = _text(_("Internal note (optional)"), required=False, rows=2)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        # Preselect the classifier's best guess, else the category's usual department.
        initial: object = _first_suggestion(complaint)
        if initial is None and complaint.category is not None:
            initial = complaint.category.default_department
        self.fields["department"].initial = initial
        self.fields["category"].initial = complaint.category


def _first_suggestion(complaint: Complaint) -> str | None:
    suggestions = complaint.routing_suggestions if isinstance(complaint.routing_suggestions, list) else []
    for suggestion in suggestions:
        if isinstance(suggestion, dict) and suggestion.get("department"):
            return str(suggestion["department"])
    return None


class ReassignForm(ActionForm):
    department = _department_field()
    note = _text(_("Internal note (optional)"), required=False, rows=2)


class CorrectForm(ActionForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=active_categories(),
        to_field_name="code",
        required=False,
        empty_label=_("(no category)"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    note = _text(_("Internal note (optional)"), required=False, rows=2)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["category"].initial = complaint.category.code if complaint.category else None
        self.fields["kind"].initial = complaint.kind


class RejectForm(ActionForm):
    reason = _text(_("Reason (shown to the citizen)"))


class MergeForm(ActionForm):
    into = forms.CharField(label=_("Tracking code of the complaint to keep"), max_length=32)
    note = _text(_("Internal note (optional)"), required=False, rows=2)

    def clean_into(self) -> Complaint:
        target = find_by_tracking_code(self.cleaned_data["into"])
        if target is None:
            raise ValidationError(_("No complaint has this tracking code."))
        return target


class NoteForm(ActionForm):
    note = _text(_("Internal note (staff only)"))


class StartForm(ActionForm):
    message = _text(_("Message to the citizen (optional)"), required=False, rows=2)


class RespondForm(ActionForm):
    message = _text(_("Response (public)"), rows=4)
    photos = ImagesField(label=_("Photos (optional)"))


class RequestInfoForm(ActionForm):
    question = _text(_("What do you need from the citizen?"))


class ResolveForm(ActionForm):
    message = _text(_("How was it handled? (public)"), rows=4)
    photos = ImagesField(label=_("Proof photos"))


class ReturnForm(ActionForm):
    reason = _text(_("Why is this not your department's remit?"))


class InstructionForm(ActionForm):
    instruction = _text(_("Instruction to the department"))


# --- routing ----------------------------------------------------------------------------------


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        area = cast(Area, obj)
        if area.level == AreaLevel.KELURAHAN:
            return f"{area.name} ({area.parent.name})" if area.parent else area.name
        return f"{area.get_level_display()}: {area.name}"


class RoutingRuleForm(forms.ModelForm):
    """A routing rule; the model's own validation refuses a rule without any condition."""

    area = AreaChoiceField(
        label=_("When the place is in"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("A kecamatan (covers its kelurahan) or a single kelurahan."),
    )

    class Meta:
        model = RoutingRule
        fields = ["name", "keywords", "category", "area", "department", "target_category", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_choice("category").queryset = active_categories().select_related(None)
        self._model_choice("target_category").queryset = active_categories().select_related(None)
        self._model_choice("department").queryset = active_departments()
        self._model_choice("area").queryset = (
            Area.objects.filter(level__in=[AreaLevel.KECAMATAN, AreaLevel.KELURAHAN])
            .select_related("parent")
            .defer("boundary", "parent__boundary")
            .order_by("level", "name")
        )

    def _model_choice(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class RoutingPolicyForm(forms.Form):
    enabled = forms.BooleanField(label=_("Route with the text classifier"), required=False)
    auto_route_threshold = forms.FloatField(
        label=_("Confidence needed to route automatically"),
        required=False,
        min_value=MIN_THRESHOLD,
        max_value=MAX_THRESHOLD,
        help_text=_("Between 0.5 and 0.99. Leave empty to use the model's recommendation for 90% precision."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.5", "max": "0.99"}),
    )
