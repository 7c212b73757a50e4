"""The two-monthly evaluation's speed: `evaluate_departments` for every department over a seeded PostgreSQL.

    .venv/bin/python bench/evaluation.py [--complaints 100000] [--database-url postgres://...] [--fresh]
                                         [--runs 5] [--explain]

Seeds the benchmark database as `make bench` does (bench/seed.py: three years of complaints, the recent weeks
still open), then times the evaluation over three periods: the last complete two-month period, the last twelve
months, and the whole history (every complaint in the database, the worst case). Each is run once to warm the
caches, then --runs times; prints p50 and max in milliseconds with the rows evaluated. The target for a
million complaints is 1 s for all departments.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/evaluation.py` as well as `python -m bench.evaluation`
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_URL, setup_django  # noqa: E402

TARGET_SECONDS = 1.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=100_000, help="complaints to seed (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per period (default 5)")
    parser.add_argument("--explain", action="store_true", help="print PostgreSQL's plan of the counting query")
    # `make bench` passes the same BENCH_ARGS to every bench script: options of the others are ignored here.
    args, _others = parser.parse_known_args(argv)
    return args


def periods(today: dt.date, oldest: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    from sambat.staff.evaluation_views import recent_periods

    last_complete = recent_periods(today, 2)[1]
    return [
        ("last two-month period", last_complete.start, last_complete.end),
        ("last 12 months", today - dt.timedelta(days=365), today),
        ("whole history", oldest, today),
    ]


def cohort_size(start: dt.date, end: dt.date) -> int:
    from sambat.accountability.evaluation import period_complaints

    return period_complaints(start, end).count()


def explain(start: dt.date, end: dt.date) -> None:
    from django.db import connection
    from django.utils import timezone

    from sambat.accountability import evaluation

    captured: list[str] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        captured.append(connection.ops.compose_sql(sql, params) if params else sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        evaluation.evaluate_departments(start=start, end=end, now=timezone.now())
    with connection.cursor() as cursor:
        for query in captured[:2]:  # the counting query and the percentiles
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query)
            print("\n".join(row[0] for row in cursor.fetchall()))
            print()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench import seed

    seed.ensure_database(args.database_url, fresh=args.fresh)
    setup_django(args.database_url)
    from django.db.models import Min
    from django.utils import timezone

    from sambat.accountability.evaluation import evaluate_departments
    from sambat.complaints.models import Complaint

    seed.migrate()
    seed.ensure_reference_data()
    seed.seed_complaints(args.complaints)
    total = seed.complaint_count()
    first = Complaint.objects.aggregate(first=Min("created_at"))["first"]
    today = timezone.localdate()
    oldest = timezone.localdate(first) if first else today
    print(f"Evaluation over {total:,} complaints ({oldest} to {today}), {args.runs} runs after one warm-up")
    print(f"{'period':24} {'complaints':>11} {'departments':>12} {'p50 ms':>9} {'max ms':>9}")
    period_worst = 0.0
    for name, start, end in periods(today, oldest):
        now = timezone.now()
        figures = evaluate_departments(start=start, end=end, now=now)  # warm-up
        timings = []
        for _run in range(args.runs):
            began = time.perf_counter()
            evaluate_departments(start=start, end=end, now=now)
            timings.append(time.perf_counter() - began)
        if name == "last two-month period":
            period_worst = max(timings)
        print(
            f"{name:24} {cohort_size(start, end):>11,} {len(figures):>12} "
            f"{statistics.median(timings) * 1000:>9.0f} {max(timings) * 1000:>9.0f}"
        )
        if args.explain:
            explain(start, end)
    verdict = "within" if period_worst <= TARGET_SECONDS else "OVER"
    print(
        f"Two-month period, slowest run {period_worst * 1000:.0f} ms: {verdict} the {TARGET_SECONDS:.0f} s target "
        "(the longer periods are for scale)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
