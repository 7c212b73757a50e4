"""The Celery app, loaded only by `celery -A sambat.celery worker|beat` (never by the site or the tests).

Tasks live in each app's `tasks.py` and only load the data and call an action; the schedule is in
`sambat/celery_settings.py`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sambat.settings")

app = Celery("sambat")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _use_the_city_clock(sender: Celery, **kwargs: object) -> None:
    from django.conf import settings

    # Beat's schedule and the task timestamps in the city's time zone, like everything else.
    sender.conf.timezone = settings.TIME_ZONE
