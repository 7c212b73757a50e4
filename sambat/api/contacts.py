"""E-mail addresses and Indonesian phone numbers as sign-in identities: one normal form per person.

"0812 3456 7890", "62812-3456-7890" and "+6281234567890" are the same phone; stored as "+6281234567890".
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]+")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 15


def normalise_email(raw: str) -> str:
    address = raw.strip().lower()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from exc
    return address


def normalise_phone(raw: str) -> str:
    """'+62…' with digits only; a leading 0 or 62 is the Indonesian country code written locally."""
    text = raw.strip()
    if not _PHONE_CHARACTERS.fullmatch(text):
        raise ValidationError({"phone": [_("A phone number may contain only digits, spaces, dashes and a leading +.")]})
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        international = digits
    elif digits.startswith("62"):
        international = digits
    elif digits.startswith("0"):
        international = "62" + digits[1:]
    else:
        international = digits
    if not MIN_PHONE_DIGITS <= len(international) <= MAX_PHONE_DIGITS:
        raise ValidationError({"phone": [_("A phone number has 8 to 15 digits.")]})
    return "+" + international


def phone_variants(normalised: str) -> list[str]:
    """The ways an account's phone may have been typed into the web form, for finding an existing account."""
    digits = normalised.lstrip("+")
    variants = [normalised, digits]
    if digits.startswith("62"):
        variants.append("0" + digits[2:])
    return variants
