"""Outbox delivery as a Celery task (scheduled in `sambat/celery_settings.py`): it calls what
`manage.py deliver_outbox` calls and is safe to run twice at once (leased claims). Imported by the Celery worker
only."""

from celery import shared_task

from sambat.notifications.actions import deliver_due_messages

# One task drains at most this many batches, so a long backlog cannot hold a worker for ever.
OUTBOX_BATCHES = 20
OUTBOX_BATCH_SIZE = 100


@shared_task(name="sambat.notifications.tasks.deliver_outbox")
def deliver_outbox() -> int:
    """Send due outbox messages; returns how many went out."""
    sent = 0
    for _batch in range(OUTBOX_BATCHES):
        batch = deliver_due_messages(limit=OUTBOX_BATCH_SIZE)
        sent += batch
        if batch < OUTBOX_BATCH_SIZE:
            break
    return sent
