import time

from django.core.management.base import BaseCommand, CommandParser

from sambat.notifications.actions import deliver_due_messages


class Command(BaseCommand):
    help = "Deliver due messages from the outbox (once, or in a loop with --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, polling every --interval seconds.")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args: object, loop: bool, interval: float, **options: object) -> None:
        while True:
            sent = deliver_due_messages()
            if sent:
                self.stdout.write(f"sent {sent}")
            if not loop:
                return
            time.sleep(interval)
