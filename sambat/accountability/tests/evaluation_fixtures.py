"""A period with hand-computed figures, shared by the evaluation, report and staff page tests.

The period is January-February 2026, evaluated at NOW (10 March 2026, noon WIB). Each complaint is made through
the real actions, then its timestamps are set: created on the given day, assigned two hours later, due for a
response 72 hours and a resolution 168 hours after the assignment (unless given), answered and resolved the
given number of hours after the assignment.

    department  received  responded (on time)  resolved (on time)  overdue  late  on-time  ladder
    Good            5         5 (5)                3 (3)              0       0    100%     honour (rank 1)
    Middle          5         4 (3)                4 (4)              0       1     80%     honour (rank 2)
    Bad             6         5 (4)                3 (2)              2       3     50%     black vest (rank 3)
    Small           2         1 (0)                1 (0)              1       2      0%     not ranked (< 5)

Also made, and counted nowhere: one complaint still in verification, one Good complaint the evening before the
period and one just after it (the period's edges are midnight in WIB, not UTC).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sambat.agencies.models import Department
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f

WIB = ZoneInfo("Asia/Jakarta")
START = dt.date(2026, 1, 1)
END = dt.date(2026, 2, 28)
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=WIB)
# Due dates after NOW, for complaints that are open but not late.
LATER = dt.datetime(2026, 3, 15, 12, 0, tzinfo=WIB)


def wib(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def put(
    department: Department,
    status: str,
    *,
    created: dt.datetime,
    response: float | None = None,
    resolution: float | None = None,
    rating: int | None = None,
    reopened: int = 0,
    respond_due: dt.datetime | None = None,
    resolve_due: dt.datetime | None = None,
) -> Complaint:
    """A complaint of `department` in `status` with the given times (hours after its assignment)."""
    complaint = f.make_complaint_in(status, department=department)
    assigned = created + dt.timedelta(hours=2)
    fields = {
        "created_at": created,
        "assigned_at": assigned,
        "respond_due_at": respond_due or assigned + dt.timedelta(hours=72),
        "resolve_due_at": resolve_due or assigned + dt.timedelta(hours=168),
        "first_response_at": None if response is None else assigned + dt.timedelta(hours=response),
        "resolved_at": None if resolution is None else assigned + dt.timedelta(hours=resolution),
        "rating": rating,
        "reopen_count": reopened,
    }
    if status == Status.NEEDS_INFO:
        fields["paused_at"] = assigned + dt.timedelta(hours=(response or 0) + 1)
    return f.backdate(complaint, **fields)


@dataclass
class Period:
    good: Department
    middle: Department
    bad: Department
    small: Department


def make_period() -> Period:
    good = f.make_department(code="good", name="Dinas Good", abbreviation="Good")
    middle = f.make_department(code="middle", name="Dinas Middle", abbreviation="Middle")
    bad = f.make_department(code="bad", name="Dinas Bad", abbreviation="Bad")
    small = f.make_department(code="small", name="Dinas Small", abbreviation="Small")

    # Good: answered in 5, 10, 20, 30, 40 hours; resolved in 50, 60, 100; rated 5 and 4. Its first complaint
    # came half an hour into the period (still 31 December in UTC); the paused one is past its resolution date
    # but waits for the citizen, so it is not overdue.
    put(good, Status.CLOSED, created=wib(1, 1, 0, 30), response=5, resolution=50, rating=5)
    put(good, Status.CLOSED, created=wib(1, 12), response=10, resolution=60, rating=4)
    put(good, Status.RESOLVED, created=wib(1, 20), response=20, resolution=100)
    put(good, Status.IN_PROGRESS, created=wib(2, 27), response=30, resolve_due=LATER)
    put(good, Status.NEEDS_INFO, created=wib(2, 2), response=40)

    # Middle: answered in 12, 24, 48 and 80 hours (late); resolved in 36, 120, 150, 160; rated 3, 4, 2;
    # one reopened then resolved again; one waiting for its first answer, not yet due. Its last complaint came
    # half an hour before the period ended.
    put(middle, Status.CLOSED, created=wib(1, 6), response=24, resolution=120, rating=3, reopened=1)
    put(middle, Status.CLOSED, created=wib(1, 7), response=48, resolution=150, rating=4)
    put(middle, Status.CLOSED, created=wib(1, 8), response=80, resolution=160, rating=2)
    put(middle, Status.RESOLVED, created=wib(2, 28, 23, 30), response=12, resolution=36)
    put(middle, Status.ASSIGNED, created=wib(2, 26), respond_due=LATER, resolve_due=LATER)

    # Bad: resolved late (200 h), never answered and overdue, answered late (100 h) and overdue, two fine ones,
    # and one reopened and in progress again with a resolution date still ahead.
    put(bad, Status.CLOSED, created=wib(1, 5), response=10, resolution=200, rating=1)
    put(bad, Status.ASSIGNED, created=wib(1, 9))
    put(bad, Status.IN_PROGRESS, created=wib(1, 10), response=100)
    put(bad, Status.CLOSED, created=wib(1, 11), response=5, resolution=20, rating=5)
    put(bad, Status.CLOSED, created=wib(1, 13), response=6, resolution=30)
    put(bad, Status.IN_PROGRESS, created=wib(2, 1), response=8, reopened=1, resolve_due=LATER)

    # Small: two complaints, both late; too few to be ranked or listed.
    put(small, Status.CLOSED, created=wib(1, 15), response=100, resolution=300)
    put(small, Status.ASSIGNED, created=wib(1, 16))

    # Outside the cohort.
    put(good, Status.CLOSED, created=wib(12, 31, 23, 30, year=2025), response=500, resolution=900)
    put(good, Status.CLOSED, created=wib(3, 1, 0, 10), response=500, resolution=900)
    f.backdate(f.make_complaint_in(Status.TRIAGE), created_at=wib(1, 14))
    return Period(good=good, middle=middle, bad=bad, small=small)
