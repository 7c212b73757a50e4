"""Loads the Kota Malang demo: areas, departments, categories, one person per role and a history of complaints.

Reference data is created or updated by code / user name, so loading again changes nothing. The complaints are
created once: a DemoDataset row records that they were loaded.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sambat.accountability.sweep import run_sweep
from sambat.agencies.management.importers import ImportResult, import_areas, import_departments
from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.demo.clock import SimulatedClock, simulated_time
from sambat.demo.models import DemoDataset
from sambat.demo.places import Gazetteer
from sambat.demo.reference import Cast, load_categories, load_people, working_departments
from sambat.demo.routing import load_routing_rules
from sambat.demo.stories import (
    HISTORY,
    STORIES,
    Director,
    Drafter,
    Plan,
    run_all,
    schedule,
    schedule_duplicate,
    story_quota,
)
from sambat.notifications.choices import OutboxStatus
from sambat.notifications.models import OutboxMessage

DATA_DIR = Path(__file__).resolve().parent / "data"
DATASET = "kota-malang-complaints"
DEFAULT_COMPLAINTS = 300
DEFAULT_SEED = 2016  # the year SAMBAT Online started
# Bagian Humas appears in the 2022 list only; it was most likely renamed Bagian Protokol dan Komunikasi Pimpinan.
INACTIVE_DEPARTMENTS = frozenset({"bag-humas"})


@dataclass
class DemoSummary:
    areas: ImportResult
    departments: ImportResult
    categories: int
    cast: Cast
    complaints_created: int = 0
    already_loaded: DemoDataset | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    routing_rules_created: int = 0


def load_demo(*, complaints: int = DEFAULT_COMPLAINTS, seed: int = DEFAULT_SEED, photos: bool = True) -> DemoSummary:
    """Everything in one transaction: an error leaves the database as it was."""
    with transaction.atomic():
        areas = import_areas(DATA_DIR / "areas.geojson")
        departments = import_departments(DATA_DIR / "agencies.csv", inactive=INACTIVE_DEPARTMENTS)
        categories = load_categories()
        cast = load_people(working_departments=working_departments(categories))
        summary = DemoSummary(areas=areas, departments=departments, categories=len(categories), cast=cast)
        summary.already_loaded = DemoDataset.objects.filter(name=DATASET).first()
        if summary.already_loaded is None and complaints > 0:
            summary.complaints_created = _load_complaints(
                cast=cast, categories=categories, count=complaints, seed=seed, photos=photos
            )
            DemoDataset.objects.create(
                name=DATASET, loaded_at=timezone.now(), complaints=summary.complaints_created, seed=seed
            )
            # Where the history leaves complaints late, the ladder has already spoken: reminders, warnings to the
            # heads, the leaders' queue.
            run_sweep()
            # The demo's history happened in the past: its notifications count as delivered, so a fresh
            # `make run` does not print hundreds of old e-mails.
            OutboxMessage.objects.filter(status=OutboxStatus.PENDING).update(
                status=OutboxStatus.SENT, sent_at=timezone.now()
            )
        # After the history: the demo's complaints were routed as they were filed, before any rule existed.
        summary.routing_rules_created = load_routing_rules()
    summary.statuses = dict(Counter(Complaint.objects.values_list("status", flat=True)))
    return summary


def _load_complaints(*, cast: Cast, categories: dict, count: int, seed: int, photos: bool) -> int:
    now = timezone.now()
    gazetteer = Gazetteer()
    drafter = Drafter(cast=cast, categories=categories, gazetteer=gazetteer, photos=photos)
    director = Director(cast=cast, gazetteer=gazetteer, photos=photos)
    kinds = {kind.name: kind for kind in STORIES}

    names = story_quota(count)
    random.Random(seed).shuffle(names)  # noqa: S311 - demo data, not security
    plans: list[Plan] = []
    duplicates: list[Plan] = []
    for index, story in enumerate(names):
        rng = random.Random(f"{seed}-{index}")  # noqa: S311
        if story == "merged":
            # Written once the originals are in place: a duplicate copies its original's problem and place.
            duplicates.append(Plan(index=index, story=story, draft=None, rng=rng))  # type: ignore[arg-type]
            continue
        draft = drafter.draft(story, rng, complaints_only=kinds[story].complaints_only)
        plan = Plan(index=index, story=story, draft=draft, rng=rng)
        schedule(plan, kind=kinds[story], director=director, now=now, seed=f"{seed}-{index}-time")
        plans.append(plan)

    originals = [
        plan
        for plan in plans
        if plan.story not in ("rejected", "triage")
        and plan.draft.topic is not None
        and plan.draft.place is not None
        and plan.submitted_at < now - dt.timedelta(days=10)
    ] or sorted((plan for plan in plans if plan.story != "rejected"), key=lambda plan: plan.submitted_at)[:1]
    for duplicate in duplicates:
        target = duplicate.rng.choice(originals)
        duplicate.draft = drafter.duplicate_of(target.draft, duplicate.rng)
        schedule_duplicate(duplicate, target=target, director=director, now=now, seed=f"{seed}-{duplicate.index}-time")
        plans.append(duplicate)

    with simulated_time(now - HISTORY) as clock:
        run_all(plans, clock)
        _close_quiet_resolutions(clock, now=now)
    return len(plans)


def _close_quiet_resolutions(clock: SimulatedClock, *, now: dt.datetime) -> None:
    """Do what the quiet-period sweep would have done: resolutions left unanswered past the reopen window close."""
    quiet = dt.timedelta(days=settings.SAMBAT_REOPEN_DAYS)
    stale = Complaint.objects.filter(status=Status.RESOLVED, resolved_at__lt=now - quiet).order_by("resolved_at")
    for complaint in stale:
        assert complaint.resolved_at is not None
        clock.set(complaint.resolved_at + quiet + dt.timedelta(hours=1))
        actions.auto_close(complaint=complaint)
