"""A stand-in for SP4N-LAPOR!'s API on 127.0.0.1, for the tests: it enforces the contract of docs/lapor.md and
fails on demand.

It answers 401 without the bearer token, 400 to a request that is not JSON or lacks its Idempotency-Key, 422 to a
body that breaks the contract (wrong types, unknown fields, unknown statuses, a named reporter on an anonymous or
confidential report), 404 to an unknown report, and replays its first answer to a repeated Idempotency-Key. Its
`applied` log holds every request that changed its state: a duplicate there is a duplicate in LAPOR!.

Failures: `fail_next(kind, times)` queues "500", "timeout" (it sleeps longer than the client waits, then applies
the request anyway, like a slow server), "lost" (it applies the request and drops the connection without an
answer) or "refuse_auth" (401); `go_offline()` closes the port (connection refused) and `come_back()` reopens it.
`duplicate_deliveries` makes the feed deliver items twice.
"""

import datetime as dt
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "token-uji-lapor"
PREFIX = "/api/v1"
CITY = {"kode": "pemkot-malang", "nama": "Pemerintah Kota Malang"}

STATUSES = {
    "diterima",
    "verifikasi",
    "didisposisikan",
    "ditindaklanjuti",
    "menunggu_pelapor",
    "selesai",
    "ditutup",
    "ditolak",
    "digabungkan",
}
KLASIFIKASI = {"pengaduan", "aspirasi", "permintaan_informasi"}
PRIVASI = {"publik", "anonim", "rahasia"}
PELAKU = {"pelapor", "instansi", "admin", "sistem"}
REPLAYED = "__replayed__"  # internal marker between the fake and its handler, never sent


@dataclass(frozen=True)
class Applied:
    """A request that changed the fake's state."""

    what: str  # "laporan", "tindak_lanjut" or "status"
    key: str
    report_id: str
    body: dict[str, Any]


class Problem(Exception):
    def __init__(self, status: int, code: str, message: str, details: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


# --- the contract's bodies -------------------------------------------------------------------------------------------


def _check(body: Any, fields: dict[str, Any]) -> None:
    """422 unless `body` is an object with exactly `fields` (name → checker returning an error or None)."""
    if not isinstance(body, dict):
        raise Problem(422, "validasi_gagal", "Badan permintaan harus objek JSON.")
    errors = {name: "tidak dikenal" for name in body if name not in fields}
    for name, checker in fields.items():
        problem = checker(body[name]) if name in body else "wajib ada"
        if problem:
            errors[name] = problem
    if errors:
        raise Problem(422, "validasi_gagal", "Data tidak valid.", errors)


def text(max_length: int, *, nullable: bool = False, empty: bool = False) -> Any:
    def checker(value: Any) -> str | None:
        if value is None:
            return None if nullable else "tidak boleh null"
        if not isinstance(value, str):
            return "harus teks"
        if not empty and not value.strip():
            return "tidak boleh kosong"
        return "terlalu panjang" if len(value) > max_length else None

    return checker


def one_of(values: set[str]) -> Any:
    return lambda value: None if value in values else f"harus salah satu dari {sorted(values)}"


def timestamp(value: Any) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "harus waktu ISO 8601"
    return None if parsed.tzinfo is not None else "harus memuat zona waktu"


def number_or_null(value: Any) -> str | None:
    ok = value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    return None if ok else "harus angka atau null"


def agency(*, nullable: bool) -> Any:
    def checker(value: Any) -> str | None:
        if value is None:
            return None if nullable else "tidak boleh null"
        try:
            _check(value, {"kode": text(64), "nama": text(200)})
        except Problem as problem:
            return json.dumps(problem.details, ensure_ascii=False)
        return None

    return checker


def location(value: Any) -> str | None:
    if value is None:
        return None
    try:
        _check(
            value,
            {
                "lat": number_or_null,
                "lon": number_or_null,
                "alamat": text(300, empty=True),
                "kelurahan": text(120, empty=True),
                "kecamatan": text(120, empty=True),
            },
        )
    except Problem as problem:
        return json.dumps(problem.details, ensure_ascii=False)
    return None


def reporter(value: Any) -> str | None:
    if value is None:
        return None
    try:
        _check(value, {"nama": text(120)})  # a name only: no phone, e-mail or NIK field exists
    except Problem as problem:
        return json.dumps(problem.details, ensure_ascii=False)
    return None


def check_report(body: Any) -> None:
    _check(
        body,
        {
            "referensi": text(64),
            "judul": text(200),
            "isi": text(100_000),
            "klasifikasi": one_of(KLASIFIKASI),
            "privasi": one_of(PRIVASI),
            "kategori": text(120, nullable=True),
            "instansi_tujuan": agency(nullable=True),
            "lokasi": location,
            "pelapor": reporter,
            "status": one_of(STATUSES),
            "dibuat_pada": timestamp,
        },
    )
    if body["privasi"] != "publik" and body["pelapor"] is not None:
        raise Problem(
            422, "validasi_gagal", "Data tidak valid.", {"pelapor": "harus null untuk laporan anonim/rahasia"}
        )


def check_follow_up(body: Any) -> None:
    _check(
        body,
        {
            "isi": text(100_000),
            "status": one_of(STATUSES),
            "pelaku": one_of(PELAKU),
            "instansi": agency(nullable=True),
            "dibuat_pada": timestamp,
        },
    )


def check_status(body: Any) -> None:
    _check(body, {"status": one_of(STATUSES), "dibuat_pada": timestamp})


# --- the server -------------------------------------------------------------------------------------------------------


class FakeLapor:
    """The fake's state and controls; `url` is the base URL to configure."""

    def __init__(self, *, slow_seconds: float = 2.6) -> None:
        self.slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        self._server: ThreadingHTTPServer | None = None
        self._port = 0
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.reports: dict[str, dict[str, Any]] = {}
            self.applied: list[Applied] = []
            self.requests: list[tuple[str, str, str]] = []  # (method, path, Idempotency-Key) of every request
            self.replayed: list[str] = []  # keys answered from the first answer
            self.feed: list[dict[str, Any]] = []
            self.faults: deque[str] = deque()
            self.duplicate_deliveries = False
            self._answers: dict[str, tuple[str, int, dict[str, Any]]] = {}
            self._ids = itertools.count(1)

    # --- lifecycle -------------------------------------------------------------------------------------------------

    def start(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", self._port), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    go_offline = stop

    def come_back(self) -> None:
        if self._server is None:
            self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}{PREFIX}"

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being handled (a slow one finishes after the client gave up)."""
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    # --- controls --------------------------------------------------------------------------------------------------

    def fail_next(self, kind: str, times: int = 1) -> None:
        with self._lock:
            self.faults.extend([kind] * times)

    def dispose_new_report(
        self,
        *,
        isi: str,
        judul: str = "",
        privasi: str = "publik",
        klasifikasi: str = "pengaduan",
        pelapor: dict[str, Any] | None = None,
        lokasi: dict[str, Any] | None = None,
        catatan: str = "Mohon ditindaklanjuti.",
        referensi: str | None = None,
    ) -> str:
        """A citizen reported in LAPOR! and LAPOR! disposes the report to the city; returns the report id."""
        with self._lock:
            number = next(self._ids)
            report_id = f"LPR-{number:06d}"
            report: dict[str, Any] = {
                "id": report_id,
                "nomor_tracking": f"{7_000_000 + number}",
                "judul": judul,
                "isi": isi,
                "klasifikasi": klasifikasi,
                "privasi": privasi,
                "lokasi": lokasi,
                "pelapor": pelapor,
                "referensi": referensi,
                "status": "didisposisikan",
                "dibuat_pada": _now(),
                "tindak_lanjut": [],
            }
            self.reports[report_id] = report
            self._publish(
                "disposisi",
                report_id,
                isi=catatan,
                publik=True,
                status="didisposisikan",
                instansi=CITY,
                laporan={key: value for key, value in report.items() if key != "tindak_lanjut"},
            )
        return report_id

    def follow_up_from_lapor(
        self, report_id: str, isi: str, *, publik: bool = True, status: str = "ditindaklanjuti"
    ) -> str:
        """Someone in LAPOR! (its admin, another agency) adds a follow-up; returns the feed item's id."""
        with self._lock:
            return self._publish(
                "tindak_lanjut",
                report_id,
                isi=isi,
                publik=publik,
                status=status,
                instansi={"kode": "kemenpanrb", "nama": "Kementerian PANRB"},
            )

    def dispose_elsewhere(self, report_id: str, instansi: dict[str, str], catatan: str = "") -> str:
        with self._lock:
            report = self.reports[report_id]
            return self._publish(
                "disposisi",
                report_id,
                isi=catatan,
                publik=True,
                status="didisposisikan",
                instansi=instansi,
                laporan={key: value for key, value in report.items() if key != "tindak_lanjut"},
            )

    def add_raw_item(self, item: dict[str, Any]) -> None:
        with self._lock:
            self.feed.append(item)

    def applied_keys(self) -> list[str]:
        with self._lock:
            return [entry.key for entry in self.applied]

    def _publish(self, jenis: str, report_id: str, *, referensi: str | None = None, **fields: Any) -> str:
        item_id = f"upd-{next(self._ids):06d}"
        self.feed.append(
            {"id": item_id, "jenis": jenis, "laporan_id": report_id, "referensi": referensi, "dibuat_pada": _now()}
            | fields
        )
        return item_id

    # --- request handling (called by the handler thread) -----------------------------------------------------------

    def handle(self, method: str, path: str, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]] | None:
        """The answer (status, body), or None to drop the connection without one."""
        with self._lock:
            self._in_flight += 1
            fault = self.faults.popleft() if self.faults else ""
            self.requests.append((method, path, headers.get("Idempotency-Key", "")))
        try:
            if fault == "timeout":
                time.sleep(self.slow_seconds)
            if fault == "500":
                return 500, _error(Problem(500, "kesalahan_server", "Terjadi kesalahan pada server."))
            if fault == "refuse_auth" or headers.get("Authorization") != f"Bearer {TOKEN}":
                return 401, _error(Problem(401, "tidak_terautentikasi", "Token tidak valid."))
            try:
                answer = self._route(method, path, headers, raw)
            except Problem as problem:
                return problem.status, _error(problem)
            return None if fault == "lost" else answer
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _route(self, method: str, path: str, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(path)
        if not parts.path.startswith(PREFIX + "/"):
            raise Problem(404, "tidak_ditemukan", "Alamat tidak dikenal.")
        segments = parts.path[len(PREFIX) + 1 :].split("/")
        if segments == ["pembaruan"]:
            if method != "GET":
                raise Problem(405, "metode_tidak_diizinkan", "Gunakan GET.")
            return self._updates(parse_qs(parts.query))
        if method != "POST":
            raise Problem(405, "metode_tidak_diizinkan", "Gunakan POST.")
        if segments == ["laporan"]:
            return self._idempotent(headers, raw, "laporan", "", check_report)
        if len(segments) == 3 and segments[0] == "laporan" and segments[2] in ("tindak-lanjut", "status"):
            what = "tindak_lanjut" if segments[2] == "tindak-lanjut" else "status"
            return self._idempotent(
                headers, raw, what, segments[1], check_follow_up if what == "tindak_lanjut" else check_status
            )
        raise Problem(404, "tidak_ditemukan", "Alamat tidak dikenal.")

    def _idempotent(
        self, headers: Any, raw: bytes, what: str, report_id: str, check: Any
    ) -> tuple[int, dict[str, Any]]:
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            raise Problem(400, "permintaan_tidak_valid", "Content-Type harus application/json.")
        key = (headers.get("Idempotency-Key") or "").strip()
        if not key or len(key) > 100:
            raise Problem(400, "permintaan_tidak_valid", "Header Idempotency-Key wajib (1–100 karakter).")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise Problem(400, "permintaan_tidak_valid", "Badan permintaan bukan JSON.") from exc
        fingerprint = f"{what}:{report_id}:" + json.dumps(body, sort_keys=True)
        with self._lock:
            earlier = self._answers.get(key)
            if earlier is not None:
                if earlier[0] != fingerprint:
                    raise Problem(409, "konflik_idempotensi", "Idempotency-Key sudah dipakai untuk permintaan lain.")
                self.replayed.append(key)
                return earlier[1], earlier[2] | {REPLAYED: True}
            check(body)
            answer = self._apply(what, report_id, key, body)
            self._answers[key] = (fingerprint, *answer)
            return answer

    def _apply(self, what: str, report_id: str, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if what == "laporan":
            number = next(self._ids)
            report_id = f"LPR-{number:06d}"
            self.reports[report_id] = body | {
                "id": report_id,
                "nomor_tracking": f"{7_000_000 + number}",
                "tindak_lanjut": [],
            }
            self.applied.append(Applied("laporan", key, report_id, body))
            return 201, {
                "id": report_id,
                "nomor_tracking": self.reports[report_id]["nomor_tracking"],
                "status": body["status"],
                "dibuat_pada": _now(),
            }
        existing = self.reports.get(report_id)
        if existing is None:
            raise Problem(404, "tidak_ditemukan", f"Laporan {report_id} tidak ditemukan.")
        report = existing
        report["status"] = body["status"]
        self.applied.append(Applied(what, key, report_id, body))
        if what == "status":
            return 200, {"laporan_id": report_id, "status": body["status"]}
        follow_up_id = f"TL-{next(self._ids):06d}"
        report["tindak_lanjut"].append(body | {"id": follow_up_id})
        # LAPOR! lists every follow-up in its feed, Sambat's own too (marked with the request's key).
        self._publish(
            "tindak_lanjut",
            report_id,
            referensi=key,
            isi=body["isi"],
            publik=True,
            status=body["status"],
            instansi=CITY,
        )
        return 201, {"id": follow_up_id, "laporan_id": report_id, "status": body["status"]}

    def _updates(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        cursor = query.get("kursor", ["k0"])[0]
        if not cursor.startswith("k") or not cursor[1:].isdigit():
            raise Problem(400, "permintaan_tidak_valid", "Kursor tidak dikenal.")
        try:
            limit = int(query.get("batas", ["50"])[0])
        except ValueError as exc:
            raise Problem(422, "validasi_gagal", "Data tidak valid.", {"batas": "harus bilangan"}) from exc
        if not 1 <= limit <= 100:
            raise Problem(422, "validasi_gagal", "Data tidak valid.", {"batas": "harus 1–100"})
        start = int(cursor[1:])
        with self._lock:
            items = self.feed[start : start + limit]
            end = start + len(items)
            more = end < len(self.feed)
            if self.duplicate_deliveries and items:
                items = [*items, items[0]]  # the same item twice in one page
                if more:
                    end -= 1  # and the next page starts again with this page's last item
        return 200, {"data": items, "kursor_berikutnya": f"k{end}", "ada_lagi": more}


def _error(problem: Problem) -> dict[str, Any]:
    return {"error": {"kode": problem.code, "pesan": problem.message, "rincian": problem.details}}


def _now() -> str:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        answer = self.server.fake.handle(method, self.path, self.headers, raw)  # type: ignore[attr-defined]
        if answer is None:
            self.close_connection = True  # the answer is lost on the way back
            return
        status, body = answer
        replayed = bool(body.pop(REPLAYED, False))
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            if replayed:
                self.send_header("Idempotent-Replayed", "true")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting (timeout)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        pass
