"""Celery settings for production background work (DESIGN §7), imported by `sambat.settings`.

Plain values only: nothing here imports Celery, so running the site, `make run` and the tests never need it or a
broker. `sambat/celery.py` reads these (the CELERY_ namespace) when a worker or beat starts:

    celery -A sambat.celery worker --beat --concurrency 2

Without Celery the same jobs run as management commands (`deliver_outbox --loop`, `sla_sweep --loop`,
`lapor_sync --loop`).
"""

import datetime as dt

from sambat.lib.env import env_str

# REDIS_URL names the deployment's Redis once for the broker and the cache (sambat.settings).
CELERY_BROKER_URL = env_str("SAMBAT_CELERY_BROKER_URL", env_str("REDIS_URL", "redis://127.0.0.1:6379/0"))
CELERY_TASK_IGNORE_RESULT = True
# The jobs are idempotent (claims, leases, dedupe keys): redelivering one after a crashed worker is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# A run that waited longer than its own interval is dropped: the next one does the same work.
CELERY_BEAT_SCHEDULE = {
    "sla-sweep": {
        "task": "sambat.accountability.tasks.sla_sweep",
        "schedule": dt.timedelta(minutes=10),
        "options": {"expires": 10 * 60},
    },
    "deliver-outbox": {
        "task": "sambat.notifications.tasks.deliver_outbox",
        "schedule": dt.timedelta(minutes=1),
        "options": {"expires": 60},
    },
    "lapor-sync": {
        "task": "sambat.lapor.tasks.lapor_sync",
        "schedule": dt.timedelta(minutes=1),
        "options": {"expires": 60},
    },
    "api-purge": {
        "task": "sambat.api.tasks.api_purge",
        "schedule": dt.timedelta(days=1),
        "options": {"expires": 24 * 60 * 60},
    },
    "routing-train": {
        "task": "sambat.routing.tasks.routing_train",
        "schedule": dt.timedelta(days=7),
        "options": {"expires": 24 * 60 * 60},
    },
}
