from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sambat.open311.actions import create_client


class Command(BaseCommand):
    help = (
        "Create an Open311 client allowed to submit service requests and print its API key: only the key, on one "
        "line, so a script can capture it. The key is not stored and cannot be shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the client's name (unique)")
        parser.add_argument(
            "--channel-name", default="", help="name shown on its complaints as their source (default: the name)"
        )

    def handle(self, *args: object, name: str, channel_name: str, **options: object) -> None:
        try:
            _client, key = create_client(name=name, channel_name=channel_name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
