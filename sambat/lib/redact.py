"""Masks personal numbers in text shown publicly (UU PDP: least exposure).

Phone numbers keep their first four and last three digits so a citizen recognises their own;
a 16-digit NIK/KK number keeps only its first six (the region code) and is otherwise starred.
"""

import re

# Indonesian mobile and landline numbers written with +62, 62 or 0, allowing spaces, dots and dashes.
_PHONE = re.compile(r"(?<!\d)(?:\+?62|0)[\s.-]?\d(?:[\s.-]?\d){7,12}(?!\d)")
# NIK and KK numbers: 16 digits, sometimes grouped.
_NIK = re.compile(r"(?<!\d)\d{6}[\s.-]?\d{6}[\s.-]?\d{4}(?!\d)")
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mask_phone(phone: str) -> str:
    digits = _digits(phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 7) + digits[-3:]


def _mask_nik(match: re.Match[str]) -> str:
    digits = _digits(match.group(0))
    return digits[:6] + "*" * 10


def redact_personal_data(text: str) -> str:
    """Text with NIK/KK numbers, phone numbers and e-mail addresses masked."""
    if not text:
        return text
    text = _NIK.sub(_mask_nik, text)
    text = _PHONE.sub(lambda match: mask_phone(match.group(0)), text)
    return _EMAIL.sub(lambda match: f"{match.group(1)}***@{match.group(2)}", text)
