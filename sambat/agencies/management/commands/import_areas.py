from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.agencies.management.importers import ImportFailed, import_areas


class Command(BaseCommand):
    help = (
        "Create or update areas (kota, kecamatan, kelurahan) from a GeoJSON FeatureCollection whose features "
        "have the properties code, name, level and parent_code. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("geojson", type=Path, help="path of the GeoJSON file")

    def handle(self, *args: object, geojson: Path, **options: object) -> None:
        try:
            result = import_areas(geojson)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Areas: {result.created} created, {result.updated} updated.")
