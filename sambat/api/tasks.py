"""The API's daily clean-up as a Celery task (scheduled in `sambat/celery_settings.py`). Imported by the Celery
worker only."""

from io import StringIO

from celery import shared_task
from django.core.management import call_command


@shared_task(name="sambat.api.tasks.api_purge")
def api_purge() -> str:
    """Delete expired idempotency records and old one-time codes (`manage.py api_purge`); says how many."""
    report = StringIO()
    call_command("api_purge", stdout=report)
    return report.getvalue().strip()
