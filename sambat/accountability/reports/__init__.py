"""What the evaluation exports share: the columns, the period's wording, file names and the city's totals.

The XLSX and the PDF are written from the same `Report` (one evaluation, computed once), so the figures a
department sees in a spreadsheet are the ones the mayor reads on paper.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sambat.accountability.evaluation import BLACK_VEST, HONOUR, DepartmentFigures, evaluate_departments

# How a figure is shown: a count, a share 0..1 (shown as a percentage), hours, an average rating out of 5, text.
COUNT, SHARE, HOURS, RATING, TEXT = "count", "share", "hours", "rating", "text"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str
    value: Callable[[DepartmentFigures], object]


def _attribute(name: str) -> Callable[[DepartmentFigures], object]:
    return lambda figures: getattr(figures, name)


def ladder_label(ladder: str) -> str:
    if ladder == BLACK_VEST:
        return _("Black vest")
    if ladder == HONOUR:
        return _("Honour list")
    return ""


def _column(key: str, label: Promise, kind: str) -> Column:
    return Column(key, label, kind, _attribute(key))


COLUMNS: tuple[Column, ...] = (
    _column("rank", gettext_lazy("Rank"), COUNT),
    Column("department", gettext_lazy("Department"), TEXT, lambda item: item.department.name),
    Column("code", gettext_lazy("Code"), TEXT, lambda item: item.department.code),
    _column("received", gettext_lazy("Received"), COUNT),
    _column("responded", gettext_lazy("Responded"), COUNT),
    _column("responded_on_time", gettext_lazy("Responded within SLA"), COUNT),
    _column("resolved", gettext_lazy("Resolved"), COUNT),
    _column("resolved_on_time", gettext_lazy("Resolved within SLA"), COUNT),
    _column("overdue_now", gettext_lazy("Overdue now"), COUNT),
    _column("late", gettext_lazy("Late"), COUNT),
    _column("late_share", gettext_lazy("Late share"), SHARE),
    _column("on_time_rate", gettext_lazy("On-time rate"), SHARE),
    _column("response_hours_median", gettext_lazy("Median hours to first response"), HOURS),
    _column("response_hours_p90", gettext_lazy("90th percentile hours to first response"), HOURS),
    _column("resolution_hours_median", gettext_lazy("Median hours to resolution"), HOURS),
    _column("resolution_hours_p90", gettext_lazy("90th percentile hours to resolution"), HOURS),
    _column("rating_average", gettext_lazy("Average rating (1-5)"), RATING),
    _column("ratings", gettext_lazy("Ratings"), COUNT),
    _column("reopened", gettext_lazy("Reopened"), COUNT),
    _column("reopen_rate", gettext_lazy("Reopen rate"), SHARE),
    Column("ladder", gettext_lazy("Status"), TEXT, lambda item: ladder_label(item.ladder)),
)


@dataclass(frozen=True)
class Totals:
    """The whole city's figures for the period (sums over departments, shares of the sums)."""

    departments: int
    received: int
    responded_on_time: int
    resolved_on_time: int
    overdue_now: int
    late: int

    @property
    def on_time_rate(self) -> float | None:
        return 1 - self.late / self.received if self.received else None

    @property
    def responded_on_time_share(self) -> float | None:
        return self.responded_on_time / self.received if self.received else None

    @property
    def resolved_on_time_share(self) -> float | None:
        return self.resolved_on_time / self.received if self.received else None


@dataclass
class Report:
    start: dt.date
    end: dt.date
    figures: list[DepartmentFigures]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def ranked(self) -> list[DepartmentFigures]:
        return [item for item in self.figures if item.rank is not None]

    @property
    def black_vest(self) -> list[DepartmentFigures]:
        """The black-vest list, worst first."""
        return [item for item in reversed(self.figures) if item.ladder == BLACK_VEST]

    @property
    def honour(self) -> list[DepartmentFigures]:
        return [item for item in self.figures if item.ladder == HONOUR]

    @property
    def totals(self) -> Totals:
        return Totals(
            departments=len(self.figures),
            received=sum(item.received for item in self.figures),
            responded_on_time=sum(item.responded_on_time for item in self.figures),
            resolved_on_time=sum(item.resolved_on_time for item in self.figures),
            overdue_now=sum(item.overdue_now for item in self.figures),
            late=sum(item.late for item in self.figures),
        )

    @property
    def title(self) -> str:
        return _("Complaint handling evaluation, %(city)s") % {"city": settings.SAMBAT_CITY_NAME}

    @property
    def period_label(self) -> str:
        return period_label(self.start, self.end)


def build_report(*, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    return Report(start=start, end=end, figures=evaluate_departments(start=start, end=end, now=now), generated_at=now)


def period_label(start: dt.date, end: dt.date) -> str:
    """ "1 January – 28 February 2026" in the active language's month names."""
    return _("%(start)s – %(end)s") % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}


def file_name(start: dt.date, end: dt.date, extension: str) -> str:
    return f"evaluasi-{start:%Y-%m-%d}-{end:%Y-%m-%d}.{extension}"


FORMATS = ("xlsx", "pdf")


def render(report: Report, file_format: str) -> tuple[bytes, str]:
    """The report as file content in `file_format` ("xlsx" or "pdf"), with its content type."""
    if file_format == "xlsx":
        from sambat.accountability.reports import xlsx

        return xlsx.render_xlsx(report), xlsx.CONTENT_TYPE
    if file_format == "pdf":
        from sambat.accountability.reports import pdf

        return pdf.render_pdf(report), pdf.CONTENT_TYPE
    raise ValueError(f"unknown format {file_format!r}")
