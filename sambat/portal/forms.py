"""Forms of the citizen portal: every value a citizen types or uploads is validated here, before any action runs."""

import re
import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sambat.agencies.choices import DatumType
from sambat.agencies.models import Category
from sambat.agencies.queries import active_categories, kecamatan_list, outside_the_city
from sambat.complaints.choices import Kind, Privacy, Status
from sambat.complaints.queries import BOARD_STATUSES
from sambat.lib.codes import normalise_tracking_code
from sambat.lib.images import CleanImage, ImageRejected, clean_images
from sambat.lib.text import clean_text

MAX_TEXT_LENGTH = 5000
MIN_TEXT_LENGTH = 10
MAX_REPLY_LENGTH = 3000
MAX_ANSWER_LENGTH = 200
MAX_LONG_ANSWER_LENGTH = 2000
EXTRA_PREFIX = "extra__"

_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]+")
_QUESTION_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")

PRIVACY_EXPLANATIONS = {
    Privacy.PUBLIC: _("Your report and the answers appear on the public board; your name and contact never do."),
    Privacy.ANONYMOUS: _("Your report is published, but nobody at the city sees your name or contact."),
    Privacy.CONFIDENTIAL: _("Your report is not published; only the verifiers see who you are."),
}


# The same choices put to a KIM assistant, who files for a resident.
PRIVACY_FOR_A_RESIDENT = {
    Privacy.PUBLIC: (
        Privacy.PUBLIC.label,
        _("The report and the answers appear on the public board; the resident's name and contact never do."),
    ),
    Privacy.ANONYMOUS: (
        _("Anonymous (the resident's identity is hidden)"),
        _("The report is published, but nobody at the city sees the resident's name or contact."),
    ),
    Privacy.CONFIDENTIAL: (
        Privacy.CONFIDENTIAL.label,
        _("The report is not published; only the verifiers see who the resident is."),
    ),
}


def _privacy_choices(*, assisted: bool = False) -> list[tuple[str, Any]]:
    if assisted:
        return [
            (value, format_lazy("{label} — {explanation}", label=label, explanation=explanation))
            for value, (label, explanation) in PRIVACY_FOR_A_RESIDENT.items()
        ]
    return [
        (value, format_lazy("{label} — {explanation}", label=label, explanation=PRIVACY_EXPLANATIONS[Privacy(value)]))
        for value, label in Privacy.choices
    ]


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to SAMBAT_MAX_IMAGES images. Cleaning verifies and re-encodes every file, so one bad file
    rejects the whole form before anything is stored."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:  # type: ignore[override]
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        try:
            return clean_images(uploads)
        except ImageRejected as exc:
            raise ValidationError(str(exc), code="image") from exc


def photos_help_text() -> str:
    return str(
        _("Up to %(count)d photos of at most %(mb)d MB each (JPEG, PNG, WebP or GIF). Location data is removed.")
        % {"count": settings.SAMBAT_MAX_IMAGES, "mb": settings.SAMBAT_MAX_IMAGE_BYTES // (1024 * 1024)}
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:  # type: ignore[override]
        return obj.display_name(get_language() or "")


def _question_field(question: dict, required: bool) -> forms.Field | None:
    """The form field for one Open311-style attribute, or None when the definition is unusable."""
    label = str(question.get("label") or question["code"])[:200]
    datatype = question.get("datatype") or DatumType.STRING
    values = [value for value in question.get("values") or [] if isinstance(value, dict)]
    choices = [(str(value["key"]), str(value.get("name") or value["key"])) for value in values if value.get("key")]
    common: dict[str, Any] = {"label": label, "required": required}
    if datatype == DatumType.SINGLEVALUELIST:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common) if choices else None
    if datatype == DatumType.MULTIVALUELIST:
        return (
            forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
            if choices
            else None
        )
    if datatype == DatumType.NUMBER:
        return forms.FloatField(**common)
    if datatype == DatumType.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), **common
        )
    if datatype == DatumType.TEXT:
        return forms.CharField(max_length=MAX_LONG_ANSWER_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=MAX_ANSWER_LENGTH, **common)


def extra_question_fields(category: Category | None) -> dict[str, tuple[str, forms.Field]]:
    """Form fields for a category's extra questions: {field name: (question code, field)}."""
    fields: dict[str, tuple[str, forms.Field]] = {}
    questions = category.extra_questions if category is not None else []
    for question in questions if isinstance(questions, list) else []:
        # Definitions are typed by administrators; skip what cannot be asked rather than break the form.
        if not isinstance(question, dict) or not _QUESTION_CODE.fullmatch(str(question.get("code") or "")):
            continue
        field = _question_field(question, required=bool(question.get("required")))
        if field is not None:
            fields[EXTRA_PREFIX + str(question["code"])] = (str(question["code"]), field)
    return fields


def category_from(raw: object) -> Category | None:
    """The active category with the submitted id, or None (unknown ids are treated as "I don't know")."""
    try:
        category_id = int(str(raw or ""))
    except ValueError:
        return None
    return active_categories().filter(pk=category_id).first()


class PortalForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def coordinate_field(*, limit: float) -> forms.FloatField:
    """A hidden map coordinate in [-limit, limit], filled by the map pin."""
    invalid = _("The map location is not valid.")
    return forms.FloatField(
        required=False,
        min_value=-limit,
        max_value=limit,
        widget=forms.HiddenInput,
        error_messages={"invalid": invalid, "min_value": invalid, "max_value": invalid},
    )


class ComplaintForm(PortalForm):
    """The citizen's report. Extra questions depend on the chosen category and are added as fields."""

    kind = forms.ChoiceField(
        label=_("What would you like to send?"), choices=Kind.choices, initial=Kind.PENGADUAN, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    # A fresh random token per form: sending the same form twice (double click, "resend" after a timeout)
    # returns the first report instead of filing a second one.
    submission_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,64}$", required=False, widget=forms.HiddenInput, initial=new_submission_token
    )
    text = forms.CharField(
        label=_("Describe your report"),
        min_length=MIN_TEXT_LENGTH,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, where and since when. Please do not write your ID number (NIK) here."),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("I don't know — let the Sambat team decide"),
    )
    latitude = coordinate_field(limit=90)
    longitude = coordinate_field(limit=180)
    address = forms.CharField(
        label=_("Address or landmark"),
        max_length=300,
        required=False,
        help_text=_("For example: Jl. Ijen near the library, RT 02/RW 05."),
    )
    photos = PhotosField(label=_("Photos"))
    privacy = forms.ChoiceField(
        label=_("Who may see your report?"), choices=_privacy_choices, initial=Privacy.PUBLIC, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    reporter_phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    reporter_email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, assisted: bool = False, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assisted = assisted
        categories = active_categories().order_by("sort_order", "name")
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["photos"].help_text = photos_help_text()
        if assisted:
            # A KIM assistant files for a resident: the contact is the resident's, not the assistant's.
            self.fields["reporter_name"].label = _("Resident's name")
            self.fields["reporter_phone"].label = _("Resident's phone")
            self.fields["reporter_email"].label = _("Resident's e-mail")
            self.fields["privacy"].label = _("Who may see the resident's report?")
            self.fields["privacy"].choices = _privacy_choices(assisted=True)  # type: ignore[attr-defined]
        # Re-render the extra questions when the category changes (htmx; without JavaScript they appear
        # with the validation errors after the first submission).
        self.fields["category"].widget.attrs.update(
            {"hx-get": reverse("portal:extra_questions"), "hx-trigger": "change", "hx-target": "#extra-questions"}
        )
        if self.is_bound:
            category = category_from(self.data.get(self.add_prefix("category")))
        self.category_for_questions = category
        self.extra_codes: dict[str, str] = {}
        for name, (code, field) in extra_question_fields(category).items():
            self.fields[name] = field
            self.extra_codes[name] = code

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.extra_codes]

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if len(text) < MIN_TEXT_LENGTH:
            raise ValidationError(_("Please describe your report in a few words."), code="short")
        return text

    def clean_reporter_phone(self) -> str:
        raw = clean_text(self.cleaned_data["reporter_phone"])
        if not raw:
            return ""
        if not _PHONE_CHARACTERS.fullmatch(raw):
            raise ValidationError(_("A phone number may contain only digits, spaces, dashes and a leading +."))
        digits = re.sub(r"\D", "", raw)
        if not 8 <= len(digits) <= 15:
            raise ValidationError(_("A phone number has 8 to 15 digits."))
        return ("+" if raw.startswith("+") else "") + digits

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if "latitude" in cleaned and "longitude" in cleaned and (latitude is None) != (longitude is None):
            self.add_error("latitude", _("The map location is not valid."))
        elif latitude is not None and longitude is not None and outside_the_city(lat=latitude, lon=longitude):
            self.add_error(
                "latitude",
                _("The pin is outside %(city)s. Place it inside the city, or remove it and write the address.")
                % {"city": settings.SAMBAT_CITY_NAME},
            )
        return cleaned

    def extra_answers(self) -> dict[str, object]:
        answers: dict[str, object] = {}
        for name, code in self.extra_codes.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, str):
                value = clean_text(value)
            answers[code] = value
        return answers

    def submission(self) -> dict[str, Any]:
        """Keyword arguments for `complaints.actions.submit_complaint` (without who files it)."""
        data = self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        return {
            "kind": data["kind"],
            "title": data["title"],
            "text": data["text"],
            "category": data["category"],
            "latitude": Decimal(str(latitude)) if latitude is not None else None,
            "longitude": Decimal(str(longitude)) if longitude is not None else None,
            "address": data["address"],
            "privacy": data["privacy"],
            "reporter_name": data["reporter_name"],
            "reporter_phone": data["reporter_phone"],
            "reporter_email": data["reporter_email"],
            "photos": data["photos"],
            "extra": self.extra_answers(),
            "intake_key": f"web:{data['submission_token']}" if data.get("submission_token") else "",
        }


class TrackLookupForm(PortalForm):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "placeholder": "SBT-7K3QX9",
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_tracking_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("This is not a tracking code. A tracking code looks like SBT-7K3QX9."))
        return code


class ReplyForm(PortalForm):
    message = forms.CharField(
        label=_("Your answer"), max_length=MAX_REPLY_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(label=_("Photos"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = photos_help_text()


class RateForm(PortalForm):
    rating = forms.TypedChoiceField(
        label=_("How well was your report handled?"),
        choices=[
            (5, _("5 — very good")),
            (4, _("4 — good")),
            (3, _("3 — fair")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(PortalForm):
    reason = forms.CharField(
        label=_("What is still wrong?"), max_length=MAX_REPLY_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class BoardFilterForm(PortalForm):
    """Filters of the public board. Invalid values are ignored one by one rather than emptying the list."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or ""
        everything = ("", _("All"))
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            everything,
            *((category.code, category.display_name(language)) for category in active_categories()),
        ]
        self.fields["kecamatan"].choices = [  # type: ignore[attr-defined]
            everything,
            *((area.code, area.name) for area in kecamatan_list()),
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            everything,
            *((status.value, status.label) for status in Status if status in BOARD_STATUSES),
        ]

    def filters(self) -> dict[str, str]:
        """Arguments for `complaints.queries.public_board` from the valid fields only."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "category_code": data.get("category") or "",
            "kecamatan_code": data.get("kecamatan") or "",
            "status": data.get("status") or "",
            "query": clean_text(data.get("q") or ""),
        }
