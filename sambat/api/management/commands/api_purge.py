import datetime as dt

from django.core.management.base import BaseCommand

from sambat.api.actions import purge_expired
from sambat.api.idempotency import RECORD_TTL

# Codes are useless after SAMBAT_API_OTP_MINUTES; a day of history still lets the per-address limit work.
CODE_HISTORY = dt.timedelta(days=1)


class Command(BaseCommand):
    help = "Delete the API's expired idempotency records and old one-time sign-in codes (safe to run any time)."

    def handle(self, *args: object, **options: object) -> None:
        records, codes = purge_expired(idempotency_older_than=RECORD_TTL, codes_older_than=CODE_HISTORY)
        self.stdout.write(f"deleted {records} idempotency records and {codes} one-time codes")
