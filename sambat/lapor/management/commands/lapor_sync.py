"""Push the SP4N-LAPOR! outbox and pull LAPOR!'s updates, once or in a loop."""

import logging
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from sambat.lapor.client import connector_enabled
from sambat.lapor.sync import run_sync

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send queued reports and follow-ups to SP4N-LAPOR! and record its dispositions and follow-ups; once, or "
        "every --interval seconds with --loop. Safe to run beside another run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, syncing every --interval seconds.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs (default 60).")
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--push-only", action="store_true", help="Only send the outbox.")
        only.add_argument("--pull-only", action="store_true", help="Only read LAPOR!'s updates.")

    def handle(
        self, *args: object, loop: bool, interval: float, push_only: bool, pull_only: bool, **options: object
    ) -> None:
        if not connector_enabled():
            self.stdout.write("SP4N-LAPOR! connector is off (SAMBAT_LAPOR_BASE_URL or SAMBAT_LAPOR_TOKEN is empty).")
            return
        while True:
            try:
                report = run_sync(push=not pull_only, pull=not push_only)
            except Exception:
                if not loop:
                    raise
                # A database restart or a bug in one run must not end the worker; the next run starts afresh.
                logger.exception("SP4N-LAPOR! sync run failed")
                close_old_connections()
                time.sleep(interval)
                continue
            # Quiet in a loop when nothing happened; a single run always says what it did.
            if report.sent or report.received or report.refused or report.errors or not loop:
                self.stdout.write(f"SP4N-LAPOR! sync: {report}")
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)
