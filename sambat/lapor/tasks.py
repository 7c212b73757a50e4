"""The LAPOR! sync as a Celery task (scheduled in `sambat/celery_settings.py`); it calls what `manage.py lapor_sync`
calls and is safe to run twice at once. Imported by the Celery worker only."""

import logging

from celery import shared_task

from sambat.lapor.client import connector_enabled
from sambat.lapor.sync import run_sync

logger = logging.getLogger(__name__)


@shared_task(name="sambat.lapor.tasks.lapor_sync")
def lapor_sync() -> str:
    """Push the outbox to SP4N-LAPOR! and pull its updates (`manage.py lapor_sync`)."""
    if not connector_enabled():
        return "SP4N-LAPOR! connector is off"
    report = run_sync()
    if report.sent or report.received or report.errors:
        logger.info("SP4N-LAPOR! sync: %s", report)
    return str(report)
