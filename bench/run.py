"""`make bench`: seed PostgreSQL with N complaints, serve Sambat with gunicorn, measure it over HTTP, print a table.

Measured, each through the real HTTP stack (gunicorn -> Django -> PostgreSQL):
  (a) complaint submission through the portal form (POST /lapor/) at concurrency 8 and 32: req/s, p50, p99,
      and the rows created compared with the successful responses (they must be equal);
  (b) the staff inbox first page (an officer of the busiest department), the public tracking page and the
      public board,
      p50/p99 at concurrency 1 and 8.
The load generator runs in this process, the server in gunicorn's: both share this machine's cores.

    python -m bench.run [--complaints 100000] [--database-url postgres://...] [--fresh] [--duration 15]
"""

import argparse
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/run.py` as well as `python -m bench.run`
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sambat_bench"
HOST = "127.0.0.1"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=100_000, help="complaints to seed (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop without measuring")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measurement (default 15)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="request cap per measurement")
    parser.add_argument("--submit-concurrency", default="8,32")
    parser.add_argument("--read-concurrency", default="1,8")
    parser.add_argument("--json", dest="json_dir", default=str(ROOT / "bench-results"), help="'' to skip")
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sambat.settings")
    import django

    django.setup()


# --- the server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(args: argparse.Namespace, port: int, log_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SAMBAT_DEBUG": "0",
        "SAMBAT_LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "sambat.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        "--keep-alive=30",
        "--timeout=120",
        "--no-control-socket",
    ]
    log = log_path.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not start within 60 s; see {log_path}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the scenarios -------------------------------------------------------------------------------------

# What visitors of the public board ask for: the first page, a later page, a kecamatan, a status, a category.
BOARD_PATHS = [
    "/papan/",
    "/papan/?page=50",
    "/papan/?kecamatan=35.73.02",
    "/papan/?status=resolved",
    "/papan/?kecamatan=35.73.04&status=in_progress",
]


def submit_worker(port: int, rng_seed: int) -> Any:
    """A citizen's browser: loads the form once (CSRF cookie and token), then submits over and over."""
    from bench.load import Client, find_form, form_values
    from bench.seed import DETAILS, OPENINGS, STREETS, load_reference

    reference = load_reference()

    def make(index: int) -> Any:
        rng = random.Random(rng_seed * 1000 + index)
        client = Client(HOST, port)
        page = client.request("GET", "/lapor/")
        if page.status != 200:
            raise SystemExit(f"GET /lapor/ answered {page.status}")
        form = find_form(page.text, must_have="text")
        action = form.action or "/lapor/"

        def submit() -> tuple[bool, str]:
            category_id, _, category_name = rng.choices(reference.categories, weights=reference.category_weights)[0]
            _, _, lat, lon, area_name = rng.choice(reference.kelurahan) if reference.kelurahan else (0, 0, 0, 0, "")
            street = rng.choice(STREETS)
            overrides = {
                "kind": "pengaduan",
                "text": f"{rng.choice(OPENINGS)} {category_name.lower()} di {street}, {area_name}. "
                + rng.choice(DETAILS).format(n=rng.randint(2, 6)),
                "title": f"{category_name} di {street}",
                # A tenth of citizens do not know the category; the verifiers sort those out.
                "category": str(category_id)
                if category_id in reference.plain_category_ids and rng.random() >= 0.1
                else "",
                "privacy": rng.choice(["public", "public", "anonymous", "confidential"]),
                "address": f"{street}, {area_name}",
                "reporter_name": "Warga Bench",
                "reporter_phone": f"0812{rng.randint(10_000_000, 99_999_999)}",
                "reporter_email": "warga@example.com",
                # Each report is a new form: a fresh token, as a browser gets with every form it loads
                # (the same token twice would rightly return the first report).
                "submission_token": secrets.token_urlsafe(24),
            }
            if reference.kelurahan:
                # Close to the kelurahan's centre: the form refuses pins outside the city.
                overrides["latitude"] = f"{lat + rng.uniform(-0.0005, 0.0005):.6f}"
                overrides["longitude"] = f"{lon + rng.uniform(-0.0005, 0.0005):.6f}"
            response = client.request("POST", action, form_values(form, overrides))
            location = response.headers.get("location", "")
            if response.status in (302, 303) and "/lapor/terkirim/" in location:
                return True, ""
            return False, f"{response.status} {location} {response.text[:200]}"

        return submit

    return make


def read_worker(port: int, paths: list[str], cookies: dict[str, str], rng_seed: int) -> Any:
    from bench.load import Client, pick

    def make(index: int) -> Any:
        rng = random.Random(rng_seed * 1000 + index)
        client = Client(HOST, port, cookies)

        def get() -> tuple[bool, str]:
            path = pick(rng, paths)
            response = client.request("GET", path)
            return response.status == 200, f"{response.status} {path}"

        return get

    return make


def login_officer(port: int) -> dict[str, str]:
    from bench.load import Client, find_form, form_values
    from bench.seed import BENCH_OFFICER, BENCH_PASSWORD

    client = Client(HOST, port)
    page = client.request("GET", "/akun/masuk/")
    form = find_form(page.text, must_have="username")
    response = client.request(
        "POST",
        form.action or "/akun/masuk/",
        form_values(form, {"username": BENCH_OFFICER, "password": BENCH_PASSWORD}),
    )
    if response.status not in (302, 303) or "sessionid" not in client.cookies:
        raise SystemExit(f"Could not sign in as {BENCH_OFFICER}: {response.status}")
    check = client.request("GET", "/staf/kotak-masuk/")
    if check.status != 200:
        raise SystemExit(f"The inbox answered {check.status} to the officer")
    client.close()
    return client.cookies


def warm_up(port: int, paths: list[str], cookies: dict[str, str]) -> None:
    """Each gunicorn worker compiles templates and opens its database connection on its first requests."""
    from bench.load import run_scenario

    run_scenario(
        "warm-up", concurrency=8, duration=3, max_requests=200, make_worker=read_worker(port, paths, cookies, 0)
    )


# --- reporting -----------------------------------------------------------------------------------------


def row(result: Any, extra: str = "") -> str:
    return (
        f"{result.name:<34} {result.concurrency:>4} {result.requests:>8} {result.errors:>6} {result.rps:>9.1f}"
        f" {result.percentile(50):>9.1f} {result.percentile(99):>9.1f}  {extra}"
    )


def header() -> str:
    return (
        f"{'scenario':<34} {'conc':>4} {'requests':>8} {'errors':>6} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9}"
        "  notes\n" + "-" * 100
    )


def summary(result: Any, **extra: Any) -> dict[str, Any]:
    return {
        "scenario": result.name,
        "concurrency": result.concurrency,
        "requests": result.requests,
        "ok": result.ok,
        "errors": result.errors,
        "seconds": round(result.seconds, 3),
        "req_per_s": round(result.rps, 2),
        "p50_ms": round(result.percentile(50), 2),
        "p99_ms": round(result.percentile(99), 2),
        "first_error": result.first_error,
        **extra,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench import seed

    seed.ensure_database(args.database_url, fresh=args.fresh)
    setup_django(args.database_url)
    from django.db import connection

    began = time.monotonic()
    seed.migrate()
    seed.ensure_reference_data()
    seed.seed_complaints(args.complaints)
    department_id = seed.busiest_department()
    seed.ensure_officer(department_id)
    seed_seconds = time.monotonic() - began
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM complaints_complaintevent")
        events = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM complaints_complaint WHERE department_id = %s AND status IN"
            " ('assigned', 'in_progress', 'needs_info')",
            [department_id],
        )
        inbox_open = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    total = seed.complaint_count()
    print(f"Database ready in {seed_seconds:.0f} s: {total:,} complaints, {events:,} events.")
    if args.seed_only:
        return 0
    codes = seed.sample_tracking_codes()
    connection.close()

    from bench.load import run_scenario

    results: list[dict[str, Any]] = []
    lines: list[str] = []
    failures: list[str] = []
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="sambat-bench-") as tmp:
        log_path = Path(tmp) / "gunicorn.log"
        print(f"Starting gunicorn on {HOST}:{port} ({args.workers} workers x {args.threads} threads, gthread)")
        server = start_gunicorn(args, port, log_path)
        try:
            cookies = login_officer(port)
            track_paths = [f"/lacak/{code}/" for code in codes]
            warm_up(port, track_paths + ["/staf/kotak-masuk/"], cookies)

            for concurrency in _ints(args.submit_concurrency):
                before = seed.complaint_count()
                connection.close()
                print(f"Measuring submissions at concurrency {concurrency} ...", flush=True)
                result = run_scenario(
                    "submit complaint (POST /lapor/)",
                    concurrency=concurrency,
                    duration=args.duration,
                    max_requests=args.max_requests,
                    make_worker=submit_worker(port, concurrency),
                )
                created = seed.complaint_count() - before
                connection.close()
                match = "equal" if created == result.ok else "MISMATCH"
                if created != result.ok:
                    failures.append(f"submissions at {concurrency}: {created} rows for {result.ok} responses")
                lines.append(row(result, f"rows created {created:,} vs. {result.ok:,} successful: {match}"))
                results.append(summary(result, rows_created=created))

            for name, paths, jar in (
                ("staff inbox (/staf/kotak-masuk/)", ["/staf/kotak-masuk/"], cookies),
                ("tracking page (/lacak/<code>/)", track_paths, {}),
                ("public board (/papan/, filtered pages)", BOARD_PATHS, {}),
            ):
                for concurrency in _ints(args.read_concurrency):
                    print(f"Measuring {name} at concurrency {concurrency} ...", flush=True)
                    result = run_scenario(
                        name,
                        concurrency=concurrency,
                        duration=args.duration,
                        max_requests=args.max_requests,
                        make_worker=read_worker(port, paths, jar, concurrency),
                    )
                    note = f"{inbox_open:,} open in the officer's department" if "inbox" in name else ""
                    lines.append(row(result, note))
                    results.append(summary(result))
        finally:
            stop(server)
            server_log = log_path.read_text(errors="replace")[-3000:] if log_path.exists() else ""

    for item in results:
        if item["errors"]:
            failures.append(f"{item['scenario']} at {item['concurrency']}: {item['errors']} errors")
            if item["first_error"]:
                failures.append(f"  first error: {item['first_error']}")
    print()
    print(
        f"Sambat bench: {total:,} complaints, {events:,} events, PostgreSQL {pg_version}, "
        f"{os.cpu_count()} CPUs, gunicorn {args.workers}x{args.threads} gthread, {args.duration:.0f} s per line"
    )
    print(header())
    for line in lines:
        print(line)
    if failures:
        print("\nProblems:")
        for failure in failures:
            print(f"  {failure}")
        if server_log.strip():
            print("\nEnd of the gunicorn log:\n" + server_log)

    if args.json_dir:
        out_dir = Path(args.json_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        out = out_dir / f"bench-{datetime.now().astimezone():%Y%m%d-%H%M%S}.json"
        out.write_text(
            json.dumps(
                {
                    "complaints": total,
                    "events": events,
                    "inbox_open_complaints": inbox_open,
                    "postgresql": pg_version,
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
                    "duration_s": args.duration,
                    "results": results,
                },
                indent=2,
            )
        )
        print(f"\nWritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if failures else 0


def _ints(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip()]


if __name__ == "__main__":
    sys.exit(main())
