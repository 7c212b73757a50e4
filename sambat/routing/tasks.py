"""Weekly retraining of the routing model as a Celery task (scheduled in `sambat/celery_settings.py`). Imported by
the Celery worker only."""

import logging

from celery import shared_task
from django.core.management import call_command
from django.core.management.base import CommandError

logger = logging.getLogger(__name__)


@shared_task(name="sambat.routing.tasks.routing_train")
def routing_train() -> None:
    """`manage.py routing_train`; keeps the current model when the city has too few settled complaints of its own."""
    try:
        call_command("routing_train")
    except CommandError as refusal:
        logger.info("routing_train kept the current model: %s", refusal)
