"""The evaluation's exports: the spreadsheet's cells, the PDF's pages, and `manage.py evaluation_report`."""

import io
import re
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import translation
from openpyxl import load_workbook

from sambat.accountability.evaluation import DepartmentFigures, _rank
from sambat.accountability.models import DepartmentEvent
from sambat.accountability.reports import COLUMNS, Report, build_report
from sambat.accountability.reports.pdf import render_pdf
from sambat.accountability.reports.xlsx import render_xlsx
from sambat.accountability.tests.evaluation_fixtures import END, NOW, START, make_period
from sambat.agencies.models import Department

SETTINGS = {
    "TIME_ZONE": "Asia/Jakarta",
    "SAMBAT_EVALUATION_MIN_COMPLAINTS": 5,
    "SAMBAT_BLACK_VEST_LATE_PERCENT": 30,
    "SAMBAT_HONOUR_LIST_SIZE": 3,
}
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pages(pdf: bytes) -> int:
    """Page objects in a PDF as reportlab writes it (uncompressed object headers)."""
    return len(PAGE.findall(pdf))


def many_departments(count: int) -> Report:
    """A city with `count` departments (not saved: the renderers only read names and figures)."""
    figures = []
    for number in range(count):
        received = 5 + number * 3
        late = (number * 7) % received
        figures.append(
            DepartmentFigures(
                department=Department(id=number + 1, code=f"d{number}", name=f"Kelurahan Nomor {number} & Sekitarnya"),
                received=received,
                responded=received,
                responded_on_time=received - late,
                resolved=received,
                resolved_on_time=received - late,
                overdue_now=0,
                response_hours_median=float(number),
                response_hours_p90=float(number * 2),
                resolution_hours_median=None,
                resolution_hours_p90=None,
                rating_average=None,
                ratings=0,
                reopened=0,
                reopen_rate=0.0,
                on_time_rate=1 - late / received,
                late_share=late / received,
                rank=None,
                ladder="",
                late=late,
            )
        )
    return Report(start=START, end=END, figures=_rank(figures), generated_at=NOW)


@override_settings(**SETTINGS, LANGUAGE_CODE="en")
class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_period()

    def setUp(self) -> None:
        self.report = build_report(start=START, end=END, now=NOW)

    def test_the_spreadsheet_has_a_header_and_one_numeric_row_per_department(self) -> None:
        with translation.override("en"):
            workbook = load_workbook(io.BytesIO(render_xlsx(self.report)))
        self.assertEqual(len(workbook.worksheets), 1)
        sheet = workbook.active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(header[:4], ("Rank", "Department", "Code", "Received"))
        self.assertEqual(len(header), len(COLUMNS))
        by_code = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}
        self.assertEqual(list(by_code), ["good", "middle", "bad", "small"])
        bad = by_code["bad"]
        self.assertEqual(
            (bad["Rank"], bad["Received"], bad["Responded within SLA"], bad["Resolved within SLA"], bad["Overdue now"]),
            (3, 6, 4, 2, 2),
        )
        self.assertEqual((bad["On-time rate"], bad["Late share"], bad["Reopen rate"]), (0.5, 0.5, 0.25))
        self.assertEqual(bad["90th percentile hours to first response"], 64.0)
        self.assertEqual(bad["Status"], "Black vest")
        self.assertEqual(by_code["good"]["Average rating (1-5)"], 4.5)
        self.assertIsNone(by_code["small"]["Rank"])
        self.assertIsNone(by_code["small"]["Average rating (1-5)"])
        for row in rows[1:]:
            for column, value in zip(COLUMNS, row, strict=True):
                if column.kind != "text" and value is not None:
                    self.assertIsInstance(value, int | float, column.key)

    def test_the_spreadsheet_formats_shares_as_percentages_and_names_the_period(self) -> None:
        workbook = load_workbook(io.BytesIO(render_xlsx(self.report)))
        sheet = workbook.active
        assert sheet is not None
        on_time = [index for index, column in enumerate(COLUMNS, start=1) if column.key == "on_time_rate"][0]
        self.assertEqual(sheet.cell(row=2, column=on_time).number_format, "0.0%")
        self.assertEqual(sheet.title, "2026-01-01 - 2026-02-28")
        self.assertIn("2026", workbook.properties.title or "")

    def test_the_pdf_has_two_pages_with_the_lists(self) -> None:
        pdf = render_pdf(self.report)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(pages(pdf), 2)

    def test_the_pdf_stays_on_two_pages_for_a_city_with_many_departments(self) -> None:
        for count in (0, 1, 40, 150):
            with self.subTest(departments=count):
                pdf = render_pdf(many_departments(count))
                self.assertTrue(pdf.startswith(b"%PDF"))
                self.assertEqual(pages(pdf), 2)

    def test_the_black_vest_list_starts_with_the_worst(self) -> None:
        report = many_departments(40)
        ranks = [item.rank or 0 for item in report.black_vest]
        self.assertGreater(len(ranks), 1)
        self.assertEqual(ranks, sorted(ranks, reverse=True))
        self.assertEqual([item.rank for item in report.honour], [1, 2, 3])

    def test_the_pdf_is_in_indonesian_by_default(self) -> None:
        with override_settings(LANGUAGE_CODE="id"), translation.override("id"):
            report = build_report(start=START, end=END, now=NOW)
            self.assertIn("Januari", report.period_label)
            self.assertTrue(render_pdf(report).startswith(b"%PDF"))


@override_settings(**SETTINGS)
class EvaluationReportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_period()

    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory(prefix="sambat-evaluation-")
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            call_command("evaluation_report", *args, stdout=out)
        return out.getvalue()

    def test_it_writes_the_spreadsheet_and_the_pdf(self) -> None:
        xlsx = self.folder / "evaluation.xlsx"
        output = self.run_command(
            "--from", "2026-01-01", "--to", "2026-02-28", "--format", "xlsx", "--output", str(xlsx)
        )
        self.assertIn("4 departments, 1 on the black-vest list, 2 on the honour list", output)
        sheet = load_workbook(xlsx).active
        assert sheet is not None
        self.assertEqual(sheet.max_row, 5)
        self.run_command("--from", "2026-01-01", "--to", "2026-02-28", "--format", "PDF", "--output", str(self.folder))
        pdf = (self.folder / "evaluasi-2026-01-01-2026-02-28.pdf").read_bytes()
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(pages(pdf), 2)
        self.assertFalse(DepartmentEvent.objects.exists())

    def test_it_records_the_lists_when_asked_once(self) -> None:
        args = [
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-28",
            "--format",
            "pdf",
            "--output",
            str(self.folder),
            "--record",
        ]
        self.assertIn("Recorded 3 new list entries", self.run_command(*args))
        self.assertIn("Recorded 0 new list entries", self.run_command(*args))
        self.assertEqual(DepartmentEvent.objects.filter(period_start=START, period_end=END).count(), 3)

    def test_it_explains_what_is_wrong(self) -> None:
        target = str(self.folder / "x.xlsx")
        not_a_folder = self.folder / "file.txt"
        not_a_folder.write_text("")
        cases = {
            "--from must be a date": [
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-01",
                "--format",
                "xlsx",
                "--output",
                target,
            ],
            "--to must be a date": [
                "--from",
                "2026-01-01",
                "--to",
                "28/02/2026",
                "--format",
                "xlsx",
                "--output",
                target,
            ],
            "is after --to": ["--from", "2026-03-01", "--to", "2026-01-01", "--format", "xlsx", "--output", target],
            "--format must be one of xlsx, pdf": [
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-28",
                "--format",
                "docx",
                "--output",
                target,
            ],
            "does not exist": [
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-28",
                "--format",
                "pdf",
                "--output",
                str(self.folder / "no" / "x.pdf"),
            ],
            "cannot write": [
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-28",
                "--format",
                "pdf",
                "--output",
                str(not_a_folder / "x.pdf"),
            ],
            "--language must be one of": [
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-28",
                "--format",
                "pdf",
                "--output",
                target,
                "--language",
                "fr",
            ],
        }
        for message, args in cases.items():
            with self.subTest(message), self.assertRaisesMessage(CommandError, message):
                self.run_command(*args)
        self.assertEqual(sorted(path.name for path in self.folder.iterdir()), ["file.txt"])

    def test_a_write_error_is_a_command_error(self) -> None:
        target = self.folder / "x.xlsx"
        with mock.patch.object(Path, "write_bytes", side_effect=PermissionError(13, "Permission denied")):
            with self.assertRaisesMessage(CommandError, "Permission denied"):
                self.run_command(
                    "--from", "2026-01-01", "--to", "2026-02-28", "--format", "xlsx", "--output", str(target)
                )

    def test_an_empty_period_still_makes_a_report(self) -> None:
        output = self.run_command(
            "--from", "2025-06-01", "--to", "2025-07-31", "--format", "xlsx", "--output", str(self.folder)
        )
        self.assertIn("0 departments", output)
        sheet = load_workbook(self.folder / "evaluasi-2025-06-01-2025-07-31.xlsx").active
        assert sheet is not None
        self.assertEqual(sheet.max_row, 1)
