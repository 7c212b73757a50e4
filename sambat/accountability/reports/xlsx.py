"""The evaluation as a spreadsheet: one sheet, a header row, one row per department, numbers as numbers.

Shares are stored as fractions (0.8) with a percentage format, so a spreadsheet can sum and chart them; an
empty cell means there was nothing to compute (no complaint answered, no rating). The period is in the sheet's
name and the workbook's properties, leaving the first row to the header for anyone who filters or imports it.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sambat.accountability.reports import COLUMNS, COUNT, HOURS, RATING, SHARE, TEXT, Report

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {COUNT: "0", SHARE: "0.0%", HOURS: "0.0", RATING: "0.00", TEXT: "@"}
WIDTHS = {COUNT: 11, SHARE: 11, HOURS: 14, RATING: 11, TEXT: 16}


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{report.start:%Y-%m-%d} - {report.end:%Y-%m-%d}"
    workbook.properties.title = f"{report.title}: {report.period_label}"
    workbook.properties.subject = report.period_label
    workbook.properties.creator = "Sambat"
    workbook.properties.created = report.generated_at.replace(tzinfo=None)

    sheet.append([str(column.label) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for figures in report.figures:
        sheet.append([_cell_value(column.kind, column.value(figures)) for column in COLUMNS])

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 40 if column.key == "department" else WIDTHS[column.kind]
        for cell in sheet[letter][1:]:
            cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "C2"
    if report.figures:
        sheet.auto_filter.ref = sheet.dimensions

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(kind: str, value: object) -> object:
    if value is None or value == "":
        return None
    if kind == COUNT:
        return int(value)  # type: ignore[call-overload]
    if kind == SHARE:
        return round(float(value), 4)  # type: ignore[arg-type]
    if kind in (HOURS, RATING):
        return round(float(value), 2)  # type: ignore[arg-type]
    return str(value)
