"""Open311 GeoReport v2 speed: GET requests.json and servicerequestupdates.json latency, POST requests throughput.

    .venv/bin/python bench/open311.py [--complaints 100000] [--database-url postgres://...] [--fresh]
                                      [--requests 500] [--posts 300] [--read-concurrency 1,8] [--post-concurrency 8]

Seeds the benchmark database as `make bench` does (bench/seed.py), serves Sambat with gunicorn as bench/run.py
does, and measures over real HTTP (gunicorn -> Django -> PostgreSQL):
  (a) GET requests.json with the defaults (the last 90 days, at most 1000 rows), by service_code, by status,
      and by both; GET servicerequestupdates.json (the last 24 hours): p50/p99 over --requests requests each;
  (b) POST requests.json form-encoded with an API key, --posts of them at --post-concurrency: requests per
      second, p50/p99, and the complaints created compared with the 201 answers (they must be equal).
The load generator runs in this process, the server in gunicorn's: both share this machine's cores.
"""

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/open311.py` as well as `python -m bench.open311`
    sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_URL, HOST, free_port, header, row, setup_django, start_gunicorn, stop  # noqa: E402

BASE = "/open311/v2"
CLIENT_NAME = "Bench Open311 client"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=100_000, help="complaints to seed (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--requests", type=int, default=500, help="GET requests per measurement (default 500)")
    parser.add_argument("--posts", type=int, default=300, help="POST requests to send (default 300)")
    parser.add_argument("--read-concurrency", default="1,8")
    parser.add_argument("--post-concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60.0, help="time cap per measurement in seconds")
    # `make bench` passes the same BENCH_ARGS to every bench script: options of the others are ignored here.
    args, _others = parser.parse_known_args(argv)
    return args


def bench_key() -> str:
    """A fresh key for the bench's own client (made on the first run, its key replaced on later ones)."""
    from sambat.open311.actions import create_client, replace_key
    from sambat.open311.models import Open311Client

    client = Open311Client.objects.filter(name=CLIENT_NAME).first()
    if client is None:
        return create_client(name=CLIENT_NAME, channel_name="Bench")[1]
    client.is_active = True
    client.save(update_fields=["is_active"])
    return replace_key(client=client)


def busiest_service() -> str:
    """The service code with the most complaints on the public board: the heaviest filtered listing."""
    from django.db.models import Count

    from sambat.complaints.queries import public_board

    top = (
        public_board()
        .order_by()
        .values("category__code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("category__code", flat=True)
        .first()
    )
    if not top:
        raise SystemExit("No complaint is on the public board: seeding failed?")
    return str(top)


def post_targets() -> tuple[list[str], list[tuple[float, float]]]:
    """Service codes a form can be sent to without extra answers, and points near kelurahan centres."""
    from bench.seed import load_reference
    from sambat.agencies.models import Category

    reference = load_reference()
    codes = list(
        Category.objects.filter(pk__in=reference.plain_category_ids, is_active=True).values_list("code", flat=True)
    )
    points = [(lat, lon) for _id, _parent, lat, lon, _name in reference.kelurahan] or [(-7.98, 112.63)]
    if not codes:
        raise SystemExit("No category without required extra questions.")
    return codes, points


def post_worker(port: int, key: str, codes: list[str], points: list[tuple[float, float]]) -> Any:
    """An Open311 client sending service requests form-encoded, one keep-alive connection per thread."""
    from bench.load import Client
    from bench.seed import DETAILS, OPENINGS, STREETS

    def make(index: int) -> Any:
        rng = random.Random(7000 + index)
        client = Client(HOST, port)

        def submit() -> tuple[bool, str]:
            lat, lon = rng.choice(points)
            street = rng.choice(STREETS)
            form = {
                "api_key": key,
                "service_code": rng.choice(codes),
                "lat": f"{lat + rng.uniform(-0.0005, 0.0005):.6f}",
                "long": f"{lon + rng.uniform(-0.0005, 0.0005):.6f}",
                "address_string": street,
                "description": f"{rng.choice(OPENINGS)} keadaan di {street}. "
                + rng.choice(DETAILS).format(n=rng.randint(2, 6)),
                "first_name": "Warga",
                "last_name": "Bench",
                "email": "warga@example.com",
                "device_id": f"bench-{index}",
            }
            response = client.request("POST", f"{BASE}/requests.json", form)
            if response.status != 201:
                return False, f"{response.status} {response.text[:200]}"
            return True, ""

        return submit

    return make


def json_worker(port: int, paths: list[str]) -> Any:
    """GETs a GeoReport JSON list; an answer counts when it is 200 and a JSON list."""
    from bench.load import Client, pick

    def make(index: int) -> Any:
        rng = random.Random(9000 + index)
        client = Client(HOST, port)

        def get() -> tuple[bool, str]:
            path = pick(rng, paths)
            response = client.request("GET", path)
            if response.status != 200 or not response.body.startswith(b"["):
                return False, f"{response.status} {path} {response.text[:200]}"
            return True, ""

        return get

    return make


def rows_in(port: int, path: str) -> int:
    from bench.load import Client

    client = Client(HOST, port)
    try:
        response = client.request("GET", path)
        return len(json.loads(response.body)) if response.status == 200 else -1
    finally:
        client.close()


def open311_complaints() -> int:
    from django.db import connection

    from sambat.complaints.models import Complaint

    count = Complaint.objects.filter(channel="open311").count()
    connection.close()
    return count


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench import seed

    seed.ensure_database(args.database_url, fresh=args.fresh)
    setup_django(args.database_url)
    from django.db import connection

    seed.migrate()
    seed.ensure_reference_data()
    seed.seed_complaints(args.complaints)
    total = seed.complaint_count()
    key = bench_key()
    service = busiest_service()
    codes, points = post_targets()
    connection.close()

    from bench.load import run_scenario

    reads = [
        ("requests.json (defaults)", f"{BASE}/requests.json"),
        ("requests.json service_code", f"{BASE}/requests.json?service_code={service}"),
        ("requests.json status=open", f"{BASE}/requests.json?status=open"),
        ("requests.json service_code+closed", f"{BASE}/requests.json?service_code={service}&status=closed"),
        ("servicerequestupdates.json (24 h)", f"{BASE}/servicerequestupdates.json"),
    ]
    lines: list[str] = []
    problems: list[str] = []
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="sambat-bench-open311-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
        print(f"Starting gunicorn on {HOST}:{port} ({args.workers} workers x {args.threads} threads, gthread)")
        server = start_gunicorn(args, port, log_path)
        try:
            warm = run_scenario(
                "warm-up",
                concurrency=8,
                duration=10,
                max_requests=100,
                make_worker=json_worker(port, [p for _, p in reads]),
            )
            if warm.errors:
                problems.append(f"warm-up: {warm.first_error}")
            for name, path in reads:
                listed = rows_in(port, path)
                for concurrency in _ints(args.read_concurrency):
                    print(f"Measuring {name} at concurrency {concurrency} ...", flush=True)
                    result = run_scenario(
                        name,
                        concurrency=concurrency,
                        duration=args.duration,
                        max_requests=args.requests,
                        make_worker=json_worker(port, [path]),
                    )
                    lines.append(row(result, f"{listed:,} rows per answer"))
                    if result.errors:
                        problems.append(f"{name} at {concurrency}: {result.errors} errors; {result.first_error}")

            before = open311_complaints()
            print(f"Sending {args.posts} service requests at concurrency {args.post_concurrency} ...", flush=True)
            result = run_scenario(
                "POST requests.json",
                concurrency=args.post_concurrency,
                duration=args.duration,
                max_requests=args.posts,
                make_worker=post_worker(port, key, codes, points),
            )
            created = open311_complaints() - before
            match = "equal" if created == result.ok else "MISMATCH"
            lines.append(row(result, f"complaints created {created:,} vs. {result.ok:,} answered 201: {match}"))
            if created != result.ok:
                problems.append(f"POST: {created} complaints for {result.ok} answers")
            if result.errors:
                problems.append(f"POST: {result.errors} errors; {result.first_error}")
        finally:
            stop(server)
            server_log = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""

    print()
    print(
        f"Sambat Open311 bench: {total:,} complaints, {os.cpu_count()} CPUs, "
        f"gunicorn {args.workers}x{args.threads} gthread; service_code={service}"
    )
    print(header())
    for line in lines:
        print(line)
    if problems:
        print("\nProblems:")
        for problem in problems:
            print(f"  {problem}")
        if server_log.strip():
            print("\nEnd of the gunicorn log:\n" + server_log)
    return 1 if problems else 0


def _ints(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip()]


if __name__ == "__main__":
    raise SystemExit(main())
