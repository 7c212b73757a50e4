"""Times the leaders' dashboard queries, one function at a time, over the benchmark database.

Each function of `sambat.accountability.dashboard` runs --runs times (after one warm-up run), uncached, in this
process against PostgreSQL; the script prints p50 and p99 per function and for the whole dashboard, with the
number of queries each one sends. The database is the one `bench/run.py` seeds (seed it with
`python -m bench.run --seed-only --complaints N`, or pass --seed N here).

    python bench/dashboard.py [--runs 200] [--database-url postgres://...] [--seed 100000]
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/dashboard.py` as well as `python -m bench.dashboard`
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sambat_bench"
TARGET_P99_MS = 100.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=200, help="timed runs per function (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="first seed the database up to this many complaints")
    # `make bench` passes the same BENCH_ARGS to every script: options meant for the others are ignored.
    args, _others = parser.parse_known_args(argv)
    return args


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure(function: Callable[[], Any], runs: int) -> tuple[list[float], int]:
    """Milliseconds per run, and the queries one run sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()  # warm-up: connection, plans, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times, len(captured.captured_queries)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sambat.settings")
    import django

    django.setup()
    from bench import seed

    if args.seed:
        seed.ensure_database(args.database_url, fresh=False)
        seed.migrate()
        seed.ensure_reference_data()
        seed.seed_complaints(args.seed)
    else:
        seed.migrate()  # the dashboard's indexes come with the migrations

    from django.utils import timezone

    from sambat.accountability import dashboard

    now = timezone.now()
    since = now - timedelta(days=dashboard.RECENT_DAYS)
    day_since = timezone.make_aware(datetime.combine(timezone.localdate(since), datetime.min.time()))
    # As the page runs them: finished weeks from the cache, the current week counted afresh each time.
    functions: list[tuple[str, Callable[[], Any]]] = [
        ("weekly_volume (received, finished, backlog)", lambda: dashboard.weekly_volume(now=now, use_cache=True)),
        ("overdue_by_department", dashboard.overdue_by_department),
        ("response_time_trend (weekly median)", lambda: dashboard.response_time_trend(now=now, use_cache=True)),
        (
            "complaints_by_kelurahan (90 days)",
            lambda: dashboard.complaints_by_kelurahan(since=day_since, now=now, use_cache=True),
        ),
        ("top_categories (90 days)", lambda: dashboard.top_categories(since=day_since, now=now, use_cache=True)),
        ("whole dashboard, uncached", lambda: dashboard.dashboard_figures(now=now, use_cache=False)),
        # What the first request of a process pays, before the finished weeks are cached (not in the verdict).
        ("weekly_volume, all 12 weeks counted (cold)", lambda: dashboard.weekly_volume(now=now, use_cache=False)),
        ("response_time_trend, all 12 weeks (cold)", lambda: dashboard.response_time_trend(now=now, use_cache=False)),
        ("complaints_by_kelurahan, all 90 days (cold)", lambda: dashboard.complaints_by_kelurahan(since=since)),
        ("top_categories, all 90 days (cold)", lambda: dashboard.top_categories(since=since)),
    ]
    total = seed.complaint_count()
    print(f"Dashboard queries over {total:,} complaints, {args.runs} runs each (target p99 <= {TARGET_P99_MS:.0f} ms)")
    print(f"{'function':<46} {'queries':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    worst = 0.0
    for name, function in functions:
        times, queries = measure(function, args.runs)
        p99 = percentile(times, 0.99)
        if not name.startswith("whole") and "(cold)" not in name:
            worst = max(worst, p99)
        print(f"{name:<46} {queries:>7} {statistics.median(times):>8.1f} {p99:>8.1f} {max(times):>8.1f}")
    verdict = "within" if worst <= TARGET_P99_MS else "ABOVE"
    print(f"Slowest function p99: {worst:.1f} ms ({verdict} the {TARGET_P99_MS:.0f} ms target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
