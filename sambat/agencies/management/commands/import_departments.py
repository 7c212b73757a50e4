from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.agencies.management.importers import ImportFailed, import_departments


class Command(BaseCommand):
    help = (
        "Create or update departments from a CSV file with the columns code, name, abbreviation, kind "
        "(optional: area_code, email). Import the areas first. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path, help="path of the CSV file")

    def handle(self, *args: object, csv: Path, **options: object) -> None:
        try:
            result = import_departments(csv)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Departments: {result.created} created, {result.updated} updated.")
