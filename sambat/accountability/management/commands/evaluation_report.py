"""Write the evaluation of a period as XLSX or PDF, and optionally record the period's black-vest and honour lists."""

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from sambat.accountability.evaluation import record_period_lists
from sambat.accountability.reports import FORMATS, build_report, file_name, render


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Evaluate every department on the complaints received from --from to --to (both included) and write "
        "the report as XLSX (every figure, one row per department) or PDF (two pages for the leaders). "
        "--record also records the period's black-vest and honour lists (once per period)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", dest="file_format", required=True, help="xlsx or pdf")
        parser.add_argument(
            "--output", required=True, help="file to write, or a folder (the file is named after the period)"
        )
        parser.add_argument("--record", action="store_true", help="record the black-vest and honour lists")
        parser.add_argument("--language", help="language of the report (default: the site's, Indonesian)")

    def handle(self, *args: object, **options) -> None:
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if start > end:
            raise CommandError(f"--from ({start}) is after --to ({end})")
        file_format = options["file_format"].lower()
        if file_format not in FORMATS:
            raise CommandError(f"--format must be one of {', '.join(FORMATS)}, not {options['file_format']!r}")
        language = options["language"] or translation.get_language()
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"--language must be one of {', '.join(dict(settings.LANGUAGES))}, not {language!r}")
        output = Path(options["output"])
        if output.is_dir():
            output = output / file_name(start, end, file_format)
        if not output.parent.is_dir():
            raise CommandError(f"cannot write {output}: the folder {output.parent} does not exist")
        if not os.access(output.parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
            raise CommandError(f"cannot write {output}: permission denied")

        with translation.override(language):
            report = build_report(start=start, end=end)
            content, _content_type = render(report, file_format)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"Wrote {output} ({len(content):,} bytes): {len(report.figures)} departments, "
            f"{len(report.black_vest)} on the black-vest list, {len(report.honour)} on the honour list."
        )
        if options["record"]:
            written = record_period_lists(start, end, now=report.generated_at)
            self.stdout.write(f"Recorded {len(written)} new list entries for {start} - {end}.")
