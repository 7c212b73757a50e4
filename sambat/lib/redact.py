"""Masks personal numbers in text shown publicly (UU PDP: least exposure).

Phone numbers keep their first four and last three digits so a citizen recognises their own;
a 16-digit NIK/KK number keeps only its first six (the region code) and is otherwise starred.
"""

import re

# Up to two separators between digits: people type "0812  3456 7890", "0812/3456/7890" or "3573 01 ...".
_SEP = r"[\s./-]{0,2}"
# Indonesian mobile and landline numbers written with +62, 62 or 0 and an area code possibly in brackets:
# "(0341) 551234".
_PHONE = re.compile(rf"(?<!\d)(?:\+?62|\(?0){_SEP}\d(?:\)?{_SEP}\d){{7,13}}(?!\d)")
# Rupiah amounts such as "62.500.000.000": thousands groups of three after a dot are money, not a phone.
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")
# NIK and KK numbers: 16 digits, written whole or in groups.
_NIK = re.compile(rf"(?<!\d)\d(?:{_SEP}\d){{15}}(?!\d)")
# The official grouping: region (6), birth date (6), serial (4).
_NIK_GROUPED = re.compile(rf"\d{{6}}{_SEP}\d{{6}}{_SEP}\d{{4}}")
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
    found = match.group(0)
    digits = _digits(found)
    if found.isdigit() or _NIK_GROUPED.fullmatch(found) or _looks_like_nik(digits):
        return digits[:6] + "*" * 10
    return found  # 16 digits in other groups that are not a NIK, e.g. "2019 2020 2021 2022"


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
