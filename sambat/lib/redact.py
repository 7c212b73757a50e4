"""Masks personal numbers in text shown publicly (UU PDP: least exposure).

Phone numbers keep their first four and last three digits so a citizen recognises their own;
a 16-digit NIK/KK number keeps only its first six (the region code) and is otherwise starred.
"""

import re

# Indonesian mobile and landline numbers written with +62, 62 or 0, allowing spaces, dots, dashes and an
# area code in brackets: "(0341) 551234".
_PHONE = re.compile(r"(?<!\d)(?:\+?62|\(?0)[\s.-]?\d(?:\)?[\s.-]?\d){7,12}(?!\d)")
# Rupiah amounts such as "62.500.000.000": thousands groups of three after a dot are money, not a phone.
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")
# NIK and KK numbers: 16 digits, written whole, as 6-6-4 (region, birth date, serial) or in fours.
_NIK = re.compile(r"(?<!\d)(?:\d{6}[\s.-]?\d{6}[\s.-]?\d{4}|\d{4}([\s.-])\d{4}\1\d{4}\1\d{4})(?!\d)")
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mask_phone(phone: str) -> str:
    digits = _digits(phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 7) + digits[-3:]


def _looks_like_nik(digits: str) -> bool:
    # Digits 7-12 are the birth (or issue) date DDMMYY, with 40 added to the day for women.
    day, month = int(digits[6:8]), int(digits[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def _mask_nik(match: re.Match[str]) -> str:
    digits = _digits(match.group(0))
    if match.group(1) is not None and not _looks_like_nik(digits):
        return match.group(0)  # four groups of four that are not a NIK, e.g. "2019 2020 2021 2022"
    return digits[:6] + "*" * 10


def _mask_phone_match(match: re.Match[str]) -> str:
    found = match.group(0)
    return found if _AMOUNT.fullmatch(found) else mask_phone(found)


def redact_personal_data(text: str) -> str:
    """Text with NIK/KK numbers, phone numbers and e-mail addresses masked."""
    if not text:
        return text
    text = _NIK.sub(_mask_nik, text)
    text = _PHONE.sub(_mask_phone_match, text)
    return _EMAIL.sub(lambda match: f"{match.group(1)}***@{match.group(2)}", text)
