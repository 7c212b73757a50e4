"""Date formats that differ from Django's defaults for the site's two languages (settings.FORMAT_MODULE_PATH).

Staff in Indonesia read "12/05/2026" as 12 May; dates are written day first in both languages, with the
month's name, and times on the 24-hour clock. What Django's locales already say well is left to them.
"""
