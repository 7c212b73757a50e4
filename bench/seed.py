"""Creates the benchmark database and fills it with realistic complaints and their events.

Rows go in with PostgreSQL COPY in batches, so a million complaints take minutes, not hours. The columns are
read from the Django models, so a new column with a default needs no change here.
"""

import io
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import dj_database_url
import psycopg
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql
from psycopg.types.json import Jsonb

BENCH_OFFICER = "bench-officer"
BENCH_PASSWORD = "bench-password-not-for-production"  # noqa: S105 - a throwaway account in the bench database
BATCH = 20_000
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


# --- the database itself ---------------------------------------------------------------------------


def ensure_database(url: str, *, fresh: bool) -> None:
    """Create the PostgreSQL database named in `url` (dropping it first with `fresh`)."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmark runs against PostgreSQL: give a postgres:// URL.")
    name = str(config["NAME"])
    conninfo = psycopg.conninfo.make_conninfo(
        dbname="postgres",
        host=str(config.get("HOST") or "") or None,
        port=str(config.get("PORT") or "") or None,
        user=str(config.get("USER") or "") or None,
        password=str(config.get("PASSWORD") or "") or None,
    )
    try:
        conn = psycopg.connect(conninfo, autocommit=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"Cannot reach PostgreSQL for {name!r}: {exc}\nStart it or set BENCH_DATABASE_URL.") from exc
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and fresh:
            print(f"Dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            print(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


# --- reference data: departments, categories, areas, the officer ------------------------------------


def ensure_reference_data() -> None:
    """The Kota Malang demo (departments, categories, areas, demo users); minimal stand-ins without it."""
    from sambat.agencies.models import Category

    if Category.objects.exists():
        return
    print("Loading the Kota Malang demo data (areas, departments, categories, demo users)")
    try:
        # The bench seeds its own complaints: the demo's invented ones are not needed.
        call_command("load_demo", complaints=0, stdout=io.StringIO())
    except CommandError as exc:
        print(f"load_demo is not available ({exc}); creating minimal reference data")
        _minimal_reference_data()


def _minimal_reference_data() -> None:
    from sambat.agencies.models import Area, Category, Department

    kota = Area.objects.create(code="35.73", name="Kota Malang", level="kota")
    kecamatan = ["Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun"]
    for k, name in enumerate(kecamatan, start=1):
        parent = Area.objects.create(code=f"35.73.0{k}", name=name, level="kecamatan", parent=kota)
        for v in range(1, 4):
            lat, lon = -7.98 + random.uniform(-0.05, 0.05), 112.63 + random.uniform(-0.05, 0.05)
            Area.objects.create(
                code=f"35.73.0{k}.100{v}",
                name=f"{name} {v}",
                level="kelurahan",
                parent=parent,
                centroid_lat=lat,
                centroid_lon=lon,
            )
    topics = [
        ("dpuprpkp", "DPUPRPKP", ["Jalan rusak", "Drainase", "Penerangan jalan", "Jembatan"]),
        ("dishub", "Dishub", ["Parkir liar", "Lalu lintas"]),
        ("dlh", "DLH", ["Sampah", "Taman dan pohon"]),
        ("dispendukcapil", "Dispendukcapil", ["KTP dan KK"]),
        ("satpol-pp", "Satpol PP", ["Ketertiban dan PKL"]),
        ("tugu-tirta", "Perumda Tugu Tirta", ["Air bersih"]),
    ]
    order = 0
    for code, abbreviation, names in topics:
        department = Department.objects.create(code=code, name=abbreviation, abbreviation=abbreviation)
        for name in names:
            order += 1
            Category.objects.create(code=f"{code}-{order}", name=name, default_department=department, sort_order=order)


def ensure_officer(department_id: int) -> None:
    """A department officer with a known password, for the inbox measurement."""
    from sambat.accounts.models import User
    from sambat.agencies.models import Membership

    user = User.objects.filter(username=BENCH_OFFICER).first()
    if user is None:
        user = User(username=BENCH_OFFICER, role="officer", first_name="Bench", last_name="Officer")
        user.set_password(BENCH_PASSWORD)
        user.save()
    Membership.objects.filter(user=user).exclude(department_id=department_id).delete()
    Membership.objects.get_or_create(user=user, department_id=department_id)


def busiest_department() -> int:
    """The department with the most open complaints: the heaviest inbox to measure."""
    from sambat.complaints.models import Complaint

    row = (
        Complaint.objects.filter(status__in=["assigned", "in_progress", "needs_info"])
        .values("department_id")
        .annotate(n=models.Count("id"))
        .order_by("-n")
        .first()
    )
    if row is None:
        raise SystemExit("No open complaints with a department: seeding failed?")
    return int(row["department_id"])


# --- complaints and events -----------------------------------------------------------------------------

# Share of complaints per state: a backlog of about one in seven, most of it recent; the finished ones spread
# over three years.
STATE_WEIGHTS = {
    "received": 0.5,
    "triage": 2,
    "assigned": 4,
    "in_progress": 6,
    "needs_info": 2,
    "resolved": 5,
    "closed": 65,
    "rejected": 10,
    "merged": 3,
}
OPENINGS = [
    "Mohon perhatian,",
    "Lapor,",
    "Saya ingin melaporkan",
    "Tolong segera ditindaklanjuti:",
    "Permisi, mau menyampaikan keluhan soal",
    "Warga sekitar mengeluhkan",
    "Sudah beberapa kali terjadi,",
]
STREETS = [
    "Jl. Soekarno Hatta",
    "Jl. Ijen",
    "Jl. Kawi",
    "Jl. Letjen Sutoyo",
    "Jl. Veteran",
    "Jl. Semeru",
    "Jl. Borobudur",
    "Jl. MT Haryono",
    "Jl. Gajayana",
    "Jl. Mayjen Panjaitan",
    "Jl. Danau Toba",
    "Jl. Raya Tlogomas",
    "Jl. Kolonel Sugiono",
    "Jl. S. Supriadi",
    "Jl. Ki Ageng Gribig",
]
DETAILS = [
    "Sudah lebih dari {n} minggu belum ada perbaikan.",
    "Kondisi ini membahayakan pengendara terutama malam hari.",
    "Anak-anak sekolah setiap hari lewat sini.",
    "Kalau hujan deras airnya sampai masuk ke rumah warga.",
    "Sudah pernah dilaporkan ke RT/RW tapi belum ada tindak lanjut.",
    "Mohon petugas bisa cek langsung ke lokasi.",
    "Kejadiannya hampir setiap hari sekitar jam {n} sore.",
    "Terima kasih atas perhatiannya.",
]
NAMES = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Wahyu", "Lestari", "Fajar", "Nur", "Hendra", "Yuni"]
RESPONSES = [
    "Terima kasih, laporan sudah kami terima dan akan ditinjau petugas.",
    "Petugas kami sudah dijadwalkan ke lokasi minggu ini.",
    "Sedang dalam proses pengerjaan oleh tim lapangan.",
]


@dataclass(frozen=True)
class Reference:
    categories: list[tuple[int, int | None, str]]  # id, default department id, name
    by_kecamatan: frozenset[int]  # categories handled by the kecamatan office of the pin
    kecamatan_offices: dict[int, int]  # kecamatan area id -> its office's department id
    category_weights: list[float]
    department_ids: list[int]
    kelurahan: list[tuple[int, int | None, float, float, str]]  # id, kecamatan id, lat, lon, name
    # Categories a form can be submitted to without answering required extra questions.
    plain_category_ids: frozenset[int]


def load_reference() -> Reference:
    from sambat.agencies.models import Area, Category, Department

    active = list(Category.objects.filter(is_active=True).order_by("pk"))
    categories = [(c.pk, c.default_department_id, c.name) for c in active]
    plain = frozenset(
        c.pk for c in active if not any(isinstance(q, dict) and q.get("required") for q in (c.extra_questions or []))
    )
    by_kecamatan = frozenset(c.pk for c in active if c.handled_by_kecamatan)
    departments = list(Department.objects.filter(is_active=True).values_list("pk", flat=True))
    offices = dict(Department.objects.filter(is_active=True, area__level="kecamatan").values_list("area_id", "pk"))
    if not categories or not departments:
        raise SystemExit("No categories or departments in the bench database.")
    kelurahan = []
    for area in Area.objects.filter(level="kelurahan").order_by("pk"):
        lat = area.centroid_lat if area.centroid_lat is not None else -7.98
        lon = area.centroid_lon if area.centroid_lon is not None else 112.63
        kelurahan.append((area.pk, area.parent_id, lat, lon, area.name))
    # A few topics (roads, parking, waste, ...) get most of the complaints, as in the city's own statistics.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(categories))]
    return Reference(
        categories=categories,
        by_kecamatan=by_kecamatan,
        kecamatan_offices={int(area): int(pk) for area, pk in offices.items()},
        category_weights=weights,
        department_ids=departments,
        kelurahan=kelurahan,
        plain_category_ids=plain,
    )


def existing_codes() -> set[str]:
    from sambat.complaints.models import Complaint

    return set(Complaint.objects.values_list("tracking_code", flat=True))


def complaint_count() -> int:
    from sambat.complaints.models import Complaint

    return Complaint.objects.count()


def seed_complaints(total: int, *, rng_seed: int = 42) -> None:
    """Add complaints (with their events) until the database holds at least `total`."""
    from sambat.complaints.models import Complaint, ComplaintEvent

    have = complaint_count()
    if have >= total:
        print(f"The database already holds {have:,} complaints; no seeding needed (--fresh starts over).")
        return
    missing = total - have
    print(f"Seeding {missing:,} complaints (the database holds {have:,})")
    ref = load_reference()
    codes = existing_codes()
    rng = random.Random(rng_seed + have)
    next_complaint = (Complaint.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    next_event = (ComplaintEvent.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
    first_id = next_complaint
    now = timezone.now()
    started = time.monotonic()
    made = events_made = 0
    while made < missing:
        size = min(BATCH, missing - made)
        complaints: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for _ in range(size):
            row, row_events = _complaint(rng, ref, codes, next_complaint, first_id, now)
            complaints.append(row)
            for event in row_events:
                event["id"] = next_event
                next_event += 1
            events.extend(row_events)
            next_complaint += 1
        with transaction.atomic():
            copy_rows(Complaint, complaints)
            copy_rows(ComplaintEvent, events)
        made += size
        events_made += len(events)
        rate = made / max(time.monotonic() - started, 1e-6)
        print(f"  {made:>10,} / {missing:,} complaints, {events_made:,} events ({rate:,.0f} complaints/s)")
    with connection.cursor() as cursor:
        for model in (Complaint, ComplaintEvent):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608 - table names from the models
        # VACUUM sets the visibility map, so counts can be answered from indexes as on a long-running server.
        cursor.execute("VACUUM ANALYZE")


def _complaint(
    rng: random.Random,
    ref: Reference,
    codes: set[str],
    complaint_id: int,
    first_id: int,
    now: datetime,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    status = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
    if status == "merged" and complaint_id == first_id:
        status = "rejected"
    category_id, default_department, category_name = rng.choices(ref.categories, weights=ref.category_weights)[0]
    area_id, kecamatan_id, lat, lon, area_name = rng.choice(ref.kelurahan) if ref.kelurahan else (None, None, 0, 0, "")
    office = ref.kecamatan_offices.get(kecamatan_id or 0) if category_id in ref.by_kecamatan else None
    department_id = office or default_department or rng.choice(ref.department_ids)
    recent = status in {"received", "triage", "assigned", "in_progress", "needs_info", "resolved"}
    age = timedelta(days=rng.uniform(0, 45 if recent else 3 * 365), seconds=rng.randint(0, 86_399))
    if status == "received":
        age = timedelta(minutes=rng.randint(1, 30))
    created = now - age

    code = _tracking_code(rng, codes)
    street = rng.choice(STREETS)
    text = " ".join(
        [
            rng.choice(OPENINGS),
            f"{category_name.lower()} di {street} no. {rng.randint(1, 250)}, {area_name}.",
            rng.choice(DETAILS).format(n=rng.randint(2, 6)),
            rng.choice(DETAILS).format(n=rng.randint(2, 6)),
        ]
    )
    privacy = rng.choices(["public", "anonymous", "confidential"], weights=[75, 18, 7])[0]
    with_contact = rng.random() < 0.6
    name = rng.choice(NAMES) if with_contact else ""

    row: dict[str, Any] = {
        "id": complaint_id,
        "tracking_code": code,
        "citizen_key": "".join(rng.choices(ALPHABET, k=32)),
        "kind": rng.choices(["pengaduan", "aspirasi", "permintaan_informasi", "informasi"], weights=[80, 8, 8, 4])[0],
        "title": f"{category_name} di {street}" if rng.random() < 0.5 else "",
        "text": text,
        "category_id": category_id,
        "department_id": None,
        "area_id": area_id,
        "kecamatan_id": kecamatan_id,
        "latitude": Decimal(f"{lat + rng.uniform(-0.004, 0.004):.6f}") if area_id else None,
        "longitude": Decimal(f"{lon + rng.uniform(-0.004, 0.004):.6f}") if area_id else None,
        "address": f"{street}, {area_name}",
        "privacy": privacy,
        "channel": rng.choices(["web", "app", "sms", "assisted", "social"], weights=[55, 20, 15, 5, 5])[0],
        "extra": {},
        "reporter_name": name,
        "reporter_phone": f"08{rng.randint(1_000_000_000, 9_999_999_999)}" if with_contact else "",
        "reporter_email": f"{name.lower()}{rng.randint(1, 999)}@example.com" if with_contact else "",
        "status": status,
        "routing_suggestions": [],
        "created_at": created,
        "verify_due_at": created + timedelta(days=4),
        "reopen_count": 0,
    }
    events: list[dict[str, Any]] = []

    def event(kind: str, at: datetime, actor_kind: str, before: str, after: str, **extra: Any) -> None:
        events.append(
            {
                "complaint_id": complaint_id,
                "created_at": at,
                "event_type": kind,
                "actor_kind": actor_kind,
                "from_status": before,
                "to_status": after,
                "is_public": extra.pop("is_public", True),
                "data": extra.pop("data", {}),
                **extra,
            }
        )

    step = created
    event("submitted", step, "citizen", "", "received", data={"channel": row["channel"]})

    def later(max_hours: float) -> datetime:
        nonlocal step
        step = min(step + timedelta(hours=rng.uniform(0.2, max_hours)), now)
        return step

    if status in {"triage", "rejected", "merged"}:
        event("sent_to_triage", step, "system", "received", "triage", public_message="")
        row["triage_reason"] = "Tidak ada kategori"
        if status == "rejected":
            event("rejected", later(48), "verifier", "triage", "rejected", public_message="Di luar kewenangan Pemkot.")
            row["closed_at"] = step
        elif status == "merged":
            row["merged_into_id"] = max(first_id, complaint_id - rng.randint(1, 500))
            event("merged", later(48), "verifier", "triage", "merged")
            row["closed_at"] = step
    elif status != "received":
        row["department_id"] = department_id
        row["routing_source"] = "category"
        row["routing_confidence"] = 1.0
        row["assigned_at"] = step
        row["respond_due_at"] = step + timedelta(days=5)
        row["resolve_due_at"] = step + timedelta(days=9)
        event("routed", step, "system", "received", "assigned", department_id=department_id)
        if status != "assigned":
            event(
                "responded",
                later(72),
                "department",
                "assigned",
                "in_progress",
                public_message=rng.choice(RESPONSES),
                department_id=department_id,
            )
            row["first_response_at"] = step
            if rng.random() < 0.3:
                event(
                    "note",
                    later(24),
                    "department",
                    "",
                    "",
                    internal_note="Cek lokasi.",
                    is_public=False,
                    department_id=department_id,
                )
        if status == "needs_info":
            event(
                "info_requested",
                later(48),
                "department",
                "in_progress",
                "needs_info",
                public_message="Mohon kirim foto dan titik lokasi yang lebih jelas.",
                department_id=department_id,
            )
            row["paused_at"] = step
        if status in {"resolved", "closed"}:
            event(
                "resolved",
                later(120),
                "department",
                "in_progress",
                "resolved",
                public_message="Sudah diperbaiki oleh petugas.",
                department_id=department_id,
            )
            row["resolved_at"] = step
        if status == "closed":
            if rng.random() < 0.5:
                row["rating"] = rng.choices([1, 2, 3, 4, 5], weights=[5, 5, 15, 35, 40])[0]
                event("rated", later(72), "citizen", "", "", data={"rating": row["rating"]})
            event("closed", later(240), "system", "resolved", "closed")
            row["closed_at"] = step
    row["updated_at"] = step
    return row, events


def _tracking_code(rng: random.Random, codes: set[str]) -> str:
    while True:
        code = "SBT-" + "".join(rng.choices(ALPHABET, k=6))
        if code not in codes:
            codes.add(code)
            return code


def copy_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows (dicts keyed by field attname) into the model's table; missing fields take their default."""
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: None if f.null else f.get_default() for f in fields}
    adapters: list[Callable[[Any], Any]] = [
        (lambda v: None if v is None else Jsonb(v)) if isinstance(f, models.JSONField) else (lambda v: v)
        for f in fields
    ]
    names = [f.attname for f in fields]
    columns = sql.SQL(", ").join([sql.Identifier(str(f.column)) for f in fields])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(model._meta.db_table), columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor: Django's wrapper has no COPY
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [adapt(row.get(name, defaults[name])) for name, adapt in zip(names, adapters, strict=True)]
                )


def sample_tracking_codes(limit: int = 2000) -> list[str]:
    """Random tracking codes of existing complaints, for the tracking page."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tracking_code FROM complaints_complaint ORDER BY random() LIMIT %s", [limit])
        return [code for (code,) in cursor.fetchall()]
