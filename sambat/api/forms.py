"""The web's Django forms, used by the API so that a report or an answer is held to exactly the same rules.

The schemas check types and lengths for the OpenAPI document; the forms then apply the product's rules
(extra questions of the category, a pin inside the city, phone numbers, real images).
"""

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

from sambat.api.bodies import PHOTOS
from sambat.api.errors import ApiError, field_errors
from sambat.portal.forms import EXTRA_PREFIX

F = TypeVar("F", bound=forms.Form)


def bound(form: F) -> dict[str, Any]:
    """The form's cleaned data, or 422 with its errors (photos rejected as images: `invalid_image`)."""
    if form.is_valid():
        return form.cleaned_data
    errors = {
        # The report form names extra-question fields "extra__<code>"; the API's body calls them extra.<code>.
        name.replace(EXTRA_PREFIX, "extra.", 1): [str(message) for message in messages]
        for name, messages in form.errors.items()
    }
    if PHOTOS in errors and len(errors) == 1:
        raise ApiError(422, "invalid_image", " ".join(errors[PHOTOS]), details={"field": PHOTOS})
    raise field_errors(errors)


def files(uploads: Sequence[UploadedFile]) -> MultiValueDict:
    return MultiValueDict({PHOTOS: list(uploads)}) if uploads else MultiValueDict()


def form_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """Schema values as form data: None becomes an empty field."""
    return {name: "" if value is None else value for name, value in values.items()}
