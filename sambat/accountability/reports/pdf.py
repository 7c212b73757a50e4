"""The evaluation on paper: two A4 pages a mayor can read in a few minutes.

Page one: the city's key numbers, the period's black-vest and honour lists and a bar chart of each ranked
department's on-time rate. Page two: the ranking (all of it, or the top and the bottom when the city has many
departments), what was not ranked, and how the figures are counted. Each page's content is fitted into its
frame (shrunk if it must be), so a city with a hundred departments still gets two pages.

Drawn with reportlab (pure Python, no system libraries) in its built-in Helvetica, which covers Indonesian.
"""

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sambat.accountability.evaluation import BLACK_VEST, HONOUR, DepartmentFigures
from sambat.accountability.reports import Report, ladder_label

CONTENT_TYPE = "application/pdf"
MARGIN = 16 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
FRAME_HEIGHT = A4[1] - 2 * MARGIN - 8 * mm  # room for the footer
CHART_BARS = 30  # more ranked departments than this: the chart shows the best and the worst 15
TABLE_ROWS = 24  # likewise for the ranking table: the best and the worst 12
LIST_NAMES = 25

BLACK = colors.HexColor("#1f1f1f")
GREEN = colors.HexColor("#2e7d32")
GREY = colors.HexColor("#9e9e9e")
LIGHT = colors.HexColor("#f2f2f2")
RED = colors.HexColor("#c62828")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=17, leading=21, spaceAfter=2),
        "period": ParagraphStyle("period", parent=base["Normal"], fontSize=12, leading=15, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base["Normal"], fontSize=7.5, leading=9.5, textColor=colors.grey),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=8, leading=9.5),
        # Column headings wrap between words only; each column is made as wide as its longest word.
        "heading": ParagraphStyle(
            "heading",
            parent=base["Normal"],
            fontName=HEADING_FONT,
            fontSize=HEADING_SIZE,
            leading=8.5,
            splitLongWords=0,
        ),
        "figure": ParagraphStyle("figure", parent=base["Normal"], fontSize=17, leading=20, alignment=TA_CENTER),
        "figure_label": ParagraphStyle(
            "figure_label", parent=base["Normal"], fontSize=7.5, leading=9, alignment=TA_CENTER
        ),
    }


def render_pdf(report: Report) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8 * mm,
        title=f"{report.title}: {report.period_label}",
        author=settings.SAMBAT_CITY_NAME,
        subject=report.period_label,
        creator="Sambat",
    )
    styles = _styles()
    footer = f"{report.title} · {report.period_label}"

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, MARGIN, footer)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN, _("Page %(number)s") % {"number": doc.page})
        canvas.restoreState()

    story: list[Flowable] = [
        _fit(_first_page(report, styles)),
        PageBreak(),
        _fit(_second_page(report, styles)),
    ]
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _fit(flowables: list[Flowable]) -> Flowable:
    return KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT, flowables, mode="shrink")


def _text(value: object) -> str:
    return escape(str(value))


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def _hours(hours: float | None) -> str:
    return "—" if hours is None else f"{hours:.0f}" if hours >= 10 else f"{hours:.1f}"


def _rating(rating: float | None) -> str:
    return "—" if rating is None else f"{rating:.1f}"


# --- page one ----------------------------------------------------------------------------------------------------


def _first_page(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    generated = date_format(timezone.localtime(report.generated_at), "j F Y H:i")
    story: list[Flowable] = [
        Paragraph(_text(report.title), styles["title"]),
        Paragraph(_text(report.period_label), styles["period"]),
        Spacer(1, 2 * mm),
        Paragraph(
            _text(_("Complaints received in the period, as they stand on %(date)s.") % {"date": generated}),
            styles["small"],
        ),
        Spacer(1, 4 * mm),
        _key_numbers(report, styles),
    ]
    if not report.figures:
        story += [
            Spacer(1, 8 * mm),
            Paragraph(_text(_("No department received a complaint in this period.")), styles["body"]),
        ]
        return story
    story += _lists(report, styles)
    ranked = report.ranked
    if ranked:
        story += [
            Paragraph(_text(_("On-time rate by department")), styles["h2"]),
            _chart(ranked),
            Paragraph(
                _text(
                    _(
                        "Share of each department's complaints with no missed deadline. Black: on the black-vest "
                        "list; green: on the honour list. The red line is the black-vest limit."
                    )
                ),
                styles["small"],
            ),
        ]
    return story


def _key_numbers(report: Report, styles: dict[str, ParagraphStyle]) -> Table:
    totals = report.totals
    figures = [
        (_count(totals.received), _("complaints received")),
        (_percent(totals.on_time_rate), _("handled on time")),
        (_percent(totals.responded_on_time_share), _("answered within the SLA")),
        (_percent(totals.resolved_on_time_share), _("resolved within the SLA")),
        (_count(totals.overdue_now), _("overdue now")),
        (_count(len(report.black_vest)), _("departments on the black-vest list")),
    ]
    cells = [
        [Paragraph(f"<b>{_text(value)}</b>", styles["figure"]) for value, _label in figures],
        [Paragraph(_text(label), styles["figure_label"]) for _value, label in figures],
    ]
    table = Table(cells, colWidths=[FRAME_WIDTH / len(figures)] * len(figures))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return table


def _names(items: list[DepartmentFigures], describe: Callable[[DepartmentFigures], str]) -> str:
    text = "; ".join(describe(item) for item in items[:LIST_NAMES])
    if len(items) > LIST_NAMES:
        more = len(items) - LIST_NAMES
        text += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
    return text


def _black_vest_entry(item: DepartmentFigures) -> str:
    return _("%(department)s (%(late)s late)") % {"department": item.department.name, "late": _percent(item.late_share)}


def _honour_entry(item: DepartmentFigures) -> str:
    return _("%(rank)s. %(department)s (%(on_time)s on time)") % {
        "rank": item.rank,
        "department": item.department.name,
        "on_time": _percent(item.on_time_rate),
    }


def _lists(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    limit = settings.SAMBAT_BLACK_VEST_LATE_PERCENT
    black_vest = report.black_vest
    honour = report.honour
    return [
        Paragraph(_text(_("Black-vest list (rompi hitam)")), styles["h2"]),
        Paragraph(
            _text(_names(black_vest, _black_vest_entry))
            if black_vest
            else _text(_("No department had more than %(limit)s%% of its complaints late.") % {"limit": limit}),
            styles["body"],
        ),
        Paragraph(_text(_("Honour list")), styles["h2"]),
        Paragraph(
            _text(_names(honour, _honour_entry)) if honour else _text(_("No department qualified.")),
            styles["body"],
        ),
    ]


def _shown(items: list[DepartmentFigures], limit: int) -> tuple[list[DepartmentFigures], int]:
    """All items, or the first and last limit/2 with the number left out between them."""
    if len(items) <= limit:
        return items, 0
    half = limit // 2
    return items[:half] + items[-half:], len(items) - 2 * half


def _short(name: str, length: int = 34) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def _chart(ranked: list[DepartmentFigures]) -> Drawing:
    shown, skipped = _shown(ranked, CHART_BARS)
    bar_height = 11 if len(shown) > 15 else 15
    label_width = 150
    chart_height = bar_height * len(shown)
    height = chart_height + 30
    drawing = Drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 20
    chart.width = FRAME_WIDTH - label_width - 30
    chart.height = chart_height
    # The chart draws its first category at the bottom: reverse, so the best department is on top.
    ordered = list(reversed(shown))
    chart.data = [[round((item.on_time_rate or 0) * 100, 1) for item in ordered]]
    chart.categoryAxis.categoryNames = [f"{item.rank}. {_short(str(item.department))}" for item in ordered]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = GREY
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 10
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = GREY
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = LIGHT
    chart.barWidth = bar_height * 0.7
    chart.groupSpacing = bar_height * 0.3
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = GREY
    for index, item in enumerate(ordered):
        if item.ladder == BLACK_VEST:
            chart.bars[(0, index)].fillColor = BLACK
        elif item.ladder == HONOUR:
            chart.bars[(0, index)].fillColor = GREEN
    chart.barLabelFormat = "%d%%"
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    limit = 100 - settings.SAMBAT_BLACK_VEST_LATE_PERCENT
    x = chart.x + chart.width * limit / 100
    drawing.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=RED, strokeWidth=0.8, strokeDashArray=[3, 2]))
    if skipped:
        note = ngettext(
            "%(count)d department in the middle of the ranking not shown",
            "%(count)d departments in the middle of the ranking not shown",
            skipped,
        ) % {"count": skipped}
        drawing.add(String(0, 2, note, fontName="Helvetica-Oblique", fontSize=7, fillColor=colors.grey))
    return drawing


# --- page two ----------------------------------------------------------------------------------------------------


def _second_page(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    ranked = report.ranked
    story: list[Flowable] = [Paragraph(_text(_("Ranking")), styles["h2"])]
    if ranked:
        story.append(_ranking_table(ranked, styles))
    else:
        story.append(Paragraph(_text(_("No department received enough complaints to be ranked.")), styles["body"]))
    unranked = [item for item in report.figures if item.rank is None]
    if unranked:
        minimum = settings.SAMBAT_EVALUATION_MIN_COMPLAINTS
        story += [
            Spacer(1, 3 * mm),
            Paragraph(
                _text(
                    ngettext(
                        "Not ranked (fewer than %(minimum)d complaints): %(count)d department, %(received)d "
                        "complaints in all.",
                        "Not ranked (fewer than %(minimum)d complaints): %(count)d departments, %(received)d "
                        "complaints in all.",
                        len(unranked),
                    )
                    % {
                        "minimum": minimum,
                        "count": len(unranked),
                        "received": sum(item.received for item in unranked),
                    }
                ),
                styles["body"],
            ),
        ]
    story += [
        Paragraph(_text(_("How the figures are counted")), styles["h2"]),
        Paragraph(_text(_method(report)), styles["small"]),
    ]
    return story


HEADING_FONT = "Helvetica-Bold"
HEADING_SIZE = 7
CELL_PADDING = 3
# Narrowest width of each ranking column (the department's is set from what the others leave).
COLUMN_MINIMUMS = (9 * mm, 0, 12 * mm, 12 * mm, 13 * mm, 13 * mm, 12 * mm, 13 * mm, 10 * mm, 18 * mm)


def _ladder_cell(ladder: str, styles: dict[str, ParagraphStyle]) -> Paragraph | str:
    """The list a department is on, in its colour, wrapped inside the column."""
    colour = {BLACK_VEST: RED, HONOUR: GREEN}.get(ladder)
    if colour is None:
        return ""
    markup = f'<font color="#{colour.hexval()[2:]}"><b>{_text(ladder_label(ladder))}</b></font>'
    return Paragraph(markup, styles["cell"])


def _column_width(label: str, minimum: float) -> float:
    """Wide enough for the label's longest word, so no heading is cut inside a word ("Diselesaik-an")."""
    longest = max((stringWidth(word, HEADING_FONT, HEADING_SIZE) for word in label.split()), default=0.0)
    return max(minimum, longest + 2 * CELL_PADDING + 1)


def _ranking_table(ranked: list[DepartmentFigures], styles: dict[str, ParagraphStyle]) -> Table:
    shown, skipped = _shown(ranked, TABLE_ROWS)
    header = [
        _("Rank"),
        _("Department"),
        _("Received"),
        _("On time"),
        _("Answered within SLA"),
        _("Resolved within SLA"),
        _("Overdue now"),
        _("Median hours to answer"),
        _("Rating"),
        _("Status"),
    ]
    rows: list[list[object]] = [[Paragraph(_text(label), styles["heading"]) for label in header]]
    for position, item in enumerate(shown):
        if skipped and position == len(shown) // 2:
            gap = ngettext("… %(count)d department …", "… %(count)d departments …", skipped) % {"count": skipped}
            rows.append(["", Paragraph(f"<i>{_text(gap)}</i>", styles["cell"]), "", "", "", "", "", "", "", ""])
        rows.append(
            [
                str(item.rank),
                Paragraph(_text(item.department.name), styles["cell"]),
                _count(item.received),
                _percent(item.on_time_rate),
                _count(item.responded_on_time),
                _count(item.resolved_on_time),
                _count(item.overdue_now),
                _hours(item.response_hours_median),
                _rating(item.rating_average),
                _ladder_cell(item.ladder, styles),
            ]
        )
    widths = [_column_width(label, minimum) for label, minimum in zip(header, COLUMN_MINIMUMS, strict=True)]
    # The list names are written in bold cell text: their longest word must fit too ("penghargaan").
    ladder_words = " ".join(ladder_label(ladder) for ladder in (BLACK_VEST, HONOUR)).split()
    longest_ladder_word = max(stringWidth(word, HEADING_FONT, 8) for word in ladder_words)
    widths[-1] = max(widths[-1], longest_ladder_word + 2 * CELL_PADDING + 1)
    widths[1] = FRAME_WIDTH - sum(widths) + widths[1]  # the department's name takes what is left
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), "Helvetica"),
        ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 1), (-2, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLACK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(style))
    return table


def _method(report: Report) -> str:
    return _(
        "Every figure is about the complaints received in the period and now with a department, counted for "
        "the department that holds them. Within SLA: the first answer or the resolution came by the due date "
        "stored on the complaint (working days, paused while the citizen is asked for information). Overdue "
        "now: open with the department and past a due date. On time: no deadline missed and not overdue. "
        "Times are hours from the assignment to the department. Departments are ranked by on-time rate, then "
        "by median time to the first answer; a department with fewer than %(minimum)d complaints is not "
        "ranked. More than %(limit)s%% of complaints late puts a ranked department on the black-vest list; the "
        "best %(honour)d ranked departments not on it make the honour list. The spreadsheet export has every "
        "figure for every department."
    ) % {
        "minimum": settings.SAMBAT_EVALUATION_MIN_COMPLAINTS,
        "limit": settings.SAMBAT_BLACK_VEST_LATE_PERCENT,
        "honour": settings.SAMBAT_HONOUR_LIST_SIZE,
    }
