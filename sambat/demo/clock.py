"""A simulated clock, so the demo's history happens at the right times through the real actions.

Actions, due-date arithmetic and `auto_now`/`auto_now_add` fields all read `django.utils.timezone.now`;
patching that one function makes a complaint filed "40 days ago" carry the dates it would have had.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock


class SimulatedClock:
    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs an aware datetime")
        self.current = start

    def now(self) -> dt.datetime:
        return self.current

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the simulated clock needs an aware datetime")
        self.current = moment


@contextmanager
def simulated_time(start: dt.datetime) -> Iterator[SimulatedClock]:
    """Within the block, `timezone.now()` returns the clock's time; move it with `clock.set()`."""
    clock = SimulatedClock(start)
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock
