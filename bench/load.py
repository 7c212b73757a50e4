"""A small load generator: threads, one keep-alive HTTP connection each, bounded by time and request count.

It drives the real pages the way a browser would: it reads the form, keeps the CSRF cookie and token, and
follows nothing automatically, so each measured request is exactly one round trip.
"""

import http.client
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One keep-alive connection with a cookie jar (enough for Django's session and CSRF cookies)."""

    def __init__(self, host: str, port: int, cookies: dict[str, str] | None = None) -> None:
        self.host = host
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "sambat-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            raw = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed the keep-alive connection; reconnect once, but never resend a POST.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            if method != "GET":
                raise
            self.conn.request(method, path, body=body, headers=headers)
            raw = self.conn.getresponse()
        data = raw.read()
        for cookie in raw.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)

    def close(self) -> None:
        self.conn.close()


# --- reading forms -------------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict[str, str]] = field(default_factory=list)  # attrs of input/select/textarea (+ "tag")
    options: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # select name -> (value, selected)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag in {"input", "select", "textarea"} and a.get("name"):
            self.forms[-1].fields.append({"tag": tag, **a})
            if tag == "select":
                self._select = a["name"]
                self.forms[-1].options.setdefault(a["name"], [])
            if tag == "textarea":
                self._textarea = self.forms[-1].fields[-1]
                self._textarea.setdefault("value", "")
        elif tag == "option" and self._select is not None:
            self.forms[-1].options[self._select].append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data


def find_form(html: str, *, must_have: str) -> Form:
    """The POST form on the page that has a field named `must_have`."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form.method == "post" and any(f.get("name") == must_have for f in form.fields):
            return form
    raise LookupError(f"no POST form with a field {must_have!r} on the page")


def form_values(form: Form, overrides: dict[str, str]) -> dict[str, str]:
    """What a browser would send: defaults and checked/selected values, then `overrides` for known names.

    Required fields nobody named get a plain value; optional unknown fields stay empty (a honeypot must).
    """
    values: dict[str, str] = {}
    for f in form.fields:
        name, tag, kind = f["name"], f["tag"], f.get("type", "text").lower()
        if tag == "select":
            options = form.options.get(name, [])
            chosen = [v for v, selected in options if selected] or [v for v, _ in options[:1]]
            if chosen:
                values[name] = chosen[0]
        elif kind in {"checkbox", "radio"}:
            if "checked" in f:
                values[name] = f.get("value", "on")
            elif kind == "radio" and name not in values:
                values.setdefault(name, f.get("value", ""))
        elif kind in {"file", "submit", "button", "image", "reset"}:
            continue
        else:
            values[name] = f.get("value", "")
            if not values[name] and "required" in f and name not in overrides:
                values[name] = "1" if kind == "number" else "bench"
    for name, value in overrides.items():
        if any(f["name"] == name for f in form.fields):
            if name in form.options and value not in {v for v, _ in form.options[name]}:
                continue  # keep a valid choice rather than send one the form would refuse
            values[name] = value
    return values


# --- running a scenario --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    concurrency: int
    requests: int
    ok: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    first_error: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank]


# A worker: set up (untimed) and return the operation to time; the operation returns (ok, error text).
Operation = Callable[[], tuple[bool, str]]
WorkerFactory = Callable[[int], Operation]


def run_scenario(
    name: str, *, concurrency: int, duration: float, max_requests: int, make_worker: WorkerFactory
) -> Result:
    """Run `concurrency` threads for `duration` seconds or `max_requests` requests in all, whichever comes first."""
    operations: list[Operation] = [make_worker(i) for i in range(concurrency)]
    latencies: list[float] = []
    counts = {"requests": 0, "ok": 0, "errors": 0}
    first_error: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def loop(operation: Operation) -> None:
        start_gate.wait()
        while time.monotonic() < deadline[0]:
            with lock:
                if counts["requests"] >= max_requests:
                    return
                counts["requests"] += 1
            began = time.perf_counter()
            try:
                ok, error = operation()
            except Exception as exc:  # noqa: BLE001 - a failed request is a figure, not a crash
                ok, error = False, f"{type(exc).__name__}: {exc}"
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                counts["ok" if ok else "errors"] += 1
                if not ok and not first_error:
                    first_error.append(error[:300])

    threads = [threading.Thread(target=loop, args=(op,), daemon=True) for op in operations]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + duration
    began = time.monotonic()
    start_gate.wait()
    for thread in threads:
        thread.join(timeout=duration + 120)
    seconds = time.monotonic() - began
    return Result(
        name=name,
        concurrency=concurrency,
        requests=counts["ok"] + counts["errors"],
        ok=counts["ok"],
        errors=counts["errors"],
        seconds=seconds,
        latencies_ms=latencies,
        first_error=first_error[0] if first_error else "",
    )


def pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]
