# The same shape as the long format ("7 Des 2026, 23.59"), not "07-12-2026 23.59" beside it on one page.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H.i"
# Months in full in running text ("1 Desember 2026"), not Django's "1 Des. 2026".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
