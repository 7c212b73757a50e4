"""Load with a fault injected: reports keep arriving through the app API while PostgreSQL is stopped and restarted.

    .venv/bin/python bench/faults.py [--database-url postgres://postgres@127.0.0.1:5432/sambat_faults]
                                     [--reports 600] [--concurrency 8] [--outage 8] [--after 3]

This stops the machine's PostgreSQL cluster (pg_ctlcluster) for --outage seconds, --after seconds into the run:
run it on a development or CI machine only, never beside a database in use (`make bench-faults`).

The database given is dropped and made again with the Kota Malang demo. Then --reports reports are sent as the
app sends them: POST /api/v1/complaints with one Idempotency-Key per report, retried with the same key after a
503, a refused connection or a timeout until the answer is 201. Meanwhile one reader keeps loading the home page,
the public board, the API board and Open311's requests.json. At the end it checks, from the database:
  - every report is one complaint: none lost, none stored twice;
  - no answer was a 500: an unreachable database is a 503 with Retry-After, which clients know to retry;
and prints the answers by status, the retries, how long the slowest report took to be accepted, and when the
503s began and ended next to when the database was stopped and started.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/faults.py` as well as `python -m bench.faults`
    sys.path.insert(0, str(ROOT))

from bench.run import HOST, free_port, setup_django, start_gunicorn, stop  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sambat_faults"
READ_PATHS = ["/", "/papan/", "/api/v1/board", "/open311/v2/requests.json"]
# A real app waits Retry-After (30 s); the bench waits less so the run stays short. Idempotency makes any wait safe.
RETRY_PAUSE_SECONDS = 0.5
REQUEST_TIMEOUT_SECONDS = 15
GIVE_UP_AFTER_SECONDS = 180


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("FAULTS_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reports", type=int, default=600, help="reports to send (default 600)")
    parser.add_argument("--concurrency", type=int, default=8, help="reports sent at once (default 8)")
    parser.add_argument("--outage", type=float, default=8.0, help="seconds the database stays down (default 8)")
    parser.add_argument("--after", type=float, default=3.0, help="seconds of load before it stops (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    # `make bench-faults` passes BENCH_ARGS, which may hold the other bench scripts' options: ignored here.
    args, _others = parser.parse_known_args(argv)
    return args


# --- the database and the server ------------------------------------------------------------------


def cluster() -> tuple[str, str]:
    """The (version, name) of this machine's PostgreSQL cluster."""
    versions = sorted(os.listdir("/etc/postgresql"), key=lambda version: [int(part) for part in version.split(".")])
    return versions[-1], "main"


def pg_ctl(action: str) -> None:
    version, name = cluster()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    if action == "stop":
        command += ["-m", "fast"]  # ends open connections at once, as a crash or failover does
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - fixed arguments


def fresh_database(database_url: str) -> None:
    """Drop and create the bench database, migrate it and load the demo (categories, areas, departments)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    name = config["NAME"]
    admin_dsn = (
        f"host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432} user={config['USER']} dbname=postgres"
    )
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONWARNINGS": "ignore"}
    for command in (["migrate", "--noinput", "--verbosity", "0"], ["load_demo"]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


# --- the load ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Answers by status (or by connection error), shared by the threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: Counter[str] = field(default_factory=Counter)
    first_503: float | None = None
    last_503: float | None = None

    def note(self, outcome: str, at: float) -> None:
        with self.lock:
            self.answers[outcome] += 1
            if outcome == "503":
                self.first_503 = at if self.first_503 is None else self.first_503
                self.last_503 = at


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def send_report(port: int, index: int, run: str, started: float, tally: Tally) -> tuple[int, float]:
    """Send one report until it is accepted; (attempts, seconds until accepted)."""
    body = json.dumps(
        {
            "text": f"Jalan berlubang di depan rumah nomor {index}, motor sering jatuh. Penanda {run}-{index}.",
            "address": f"Jl. Beban nomor {index}",
            "category": "jalan-rusak",
        }
    ).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": f"{run}-{index}"}
    first_try = time.monotonic()
    attempts = 0
    while time.monotonic() - first_try < GIVE_UP_AFTER_SECONDS:
        attempts += 1
        try:
            status = request(port, "POST", "/api/v1/complaints", body, headers)
        except (OSError, http.client.HTTPException):
            tally.note("no answer", time.monotonic() - started)
            time.sleep(RETRY_PAUSE_SECONDS)
            continue
        tally.note(str(status), time.monotonic() - started)
        if status == 201:
            return attempts, time.monotonic() - first_try
        time.sleep(RETRY_PAUSE_SECONDS)
    raise RuntimeError(f"report {index} was never accepted")


def read_loop(port: int, stop_reading: threading.Event, started: float, tally: Tally) -> None:
    position = 0
    while not stop_reading.is_set():
        path = READ_PATHS[position % len(READ_PATHS)]
        position += 1
        try:
            status = request(port, "GET", path)
        except (OSError, http.client.HTTPException):
            tally.note("no answer", time.monotonic() - started)
            time.sleep(0.2)
            continue
        tally.note(str(status), time.monotonic() - started)


def inject_outage(after: float, outage: float, started: float, moments: dict[str, float]) -> None:
    time.sleep(after)
    pg_ctl("stop")
    moments["stopped"] = time.monotonic() - started
    time.sleep(outage)
    pg_ctl("start")
    moments["started"] = time.monotonic() - started


def stored_reports(run: str) -> Counter[int]:
    """How many complaints carry each report's marker."""
    from django.db import connection

    from sambat.complaints.models import Complaint

    connection.close()  # the connection from before the restart is gone
    counts: Counter[int] = Counter()
    for text in Complaint.objects.filter(text__contains=f"Penanda {run}-").values_list("text", flat=True):
        counts[int(text.rsplit(f"{run}-", 1)[1].rstrip("."))] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(
        f"Fault injection: {args.reports} reports at concurrency {args.concurrency}; PostgreSQL stopped for "
        f"{args.outage:.0f} s after {args.after:.0f} s"
    )
    fresh_database(args.database_url)
    setup_django(args.database_url)
    # The API's anonymous limit protects a city from one noisy address; here all load comes from one.
    os.environ["SAMBAT_API_ANONYMOUS_PER_MINUTE"] = "1000000"
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"sambat-faults-{port}.log"
    server = start_gunicorn(
        argparse.Namespace(database_url=args.database_url, workers=args.workers, threads=args.threads), port, log_path
    )
    run = uuid.uuid4().hex[:8]
    tally, moments = Tally(), dict[str, float]()
    stop_reading = threading.Event()
    try:
        started = time.monotonic()
        reader = threading.Thread(target=read_loop, args=(port, stop_reading, started, tally), daemon=True)
        injector = threading.Thread(target=inject_outage, args=(args.after, args.outage, started, moments))
        reader.start()
        injector.start()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(lambda index: send_report(port, index, run, started, tally), range(args.reports)))
        injector.join()
        stop_reading.set()
        reader.join()
        elapsed = time.monotonic() - started
    finally:
        stop_reading.set()
        stop(server)
        if not _cluster_is_up():  # interrupted during the outage: leave the machine as it was
            pg_ctl("start")

    counts = stored_reports(run)
    lost = [index for index in range(args.reports) if counts[index] == 0]
    doubled = [index for index, count in counts.items() if count > 1]
    retried = sum(1 for attempts, _seconds in results if attempts > 1)
    slowest = max(seconds for _attempts, seconds in results)
    print(
        f"  ran {elapsed:.1f} s; database stopped at {moments.get('stopped', 0):.1f} s, started at "
        f"{moments.get('started', 0):.1f} s"
    )
    if tally.first_503 is not None:
        print(f"  503 answers from {tally.first_503:.1f} s to {tally.last_503:.1f} s")
    print("  answers: " + ", ".join(f"{outcome}: {count}" for outcome, count in sorted(tally.answers.items())))
    print(
        f"  reports: {args.reports} sent, {len(counts)} stored, {len(lost)} lost, {len(doubled)} stored twice; "
        f"{retried} needed a retry; slowest accepted after {slowest:.1f} s"
    )
    failures = []
    if lost or doubled:
        failures.append(f"lost {lost[:10]}, doubled {doubled[:10]}")
    if tally.answers["500"]:
        failures.append(f"{tally.answers['500']} answers were 500 (see {log_path})")
    for failure in failures:
        print(f"  FAILED: {failure}")
    return 1 if failures else 0


def _cluster_is_up() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", HOST], check=False).returncode == 0  # noqa: S607


if __name__ == "__main__":
    raise SystemExit(main())
