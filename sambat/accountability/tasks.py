"""The SLA sweep as a Celery task (scheduled in `sambat/celery_settings.py`): it calls what `manage.py sla_sweep`
calls and is safe to run twice at once. Imported by the Celery worker only (autodiscovery), so the site never
imports Celery."""

import logging

from celery import shared_task

from sambat.accountability.sweep import run_sweep

logger = logging.getLogger(__name__)


@shared_task(name="sambat.accountability.tasks.sla_sweep")
def sla_sweep() -> str:
    """Reminders, warnings, escalations and auto-close (`manage.py sla_sweep`)."""
    report = run_sweep()
    if report.changed or report.failed:
        logger.info("SLA sweep: %s", report)
    return str(report)
