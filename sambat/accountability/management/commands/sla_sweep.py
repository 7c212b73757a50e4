"""Walk the SLA deadlines up the escalation ladder and auto-close quiet resolved complaints."""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from sambat.accountability.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Send deadline reminders, warnings (teguran) and escalations, and close resolved complaints after the quiet "
        "period; once, or every --interval seconds with --loop. Safe to run beside another sweep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, sweeping every --interval seconds.")
        parser.add_argument("--interval", type=float, default=600.0, help="Seconds between sweeps (default 600).")

    def handle(self, *args: object, loop: bool, interval: float, **options: object) -> None:
        while True:
            report = run_sweep()
            # Quiet in a loop when nothing happened; a single run always says what it did.
            if report.changed or report.failed or not loop:
                self.stdout.write(f"SLA sweep: {report}")
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)
