"""Plain helpers that build the people, places and complaints tests need.

Complaints are made through `complaints.actions`, so a test's data went through the same rules as real data.
Every helper takes keyword arguments and fills in the rest; codes and usernames get a counter so a test can
call a helper twice without clashing.
"""

import datetime as dt
import functools
import io
import itertools
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from sambat.accounts.choices import DEPARTMENT_ROLES, Role
from sambat.accounts.models import User
from sambat.agencies.choices import AreaLevel, DepartmentKind
from sambat.agencies.models import Area, Category, Department, Membership
from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.lib.geo import bounding_box
from sambat.lib.images import CleanImage, clean_image
from sambat.routing.models import RoutingPolicy
from sambat.routing.policy import current_policy

PASSWORD = "correct-horse-battery-staple"  # every user made here signs in with it

# A point in Kota Malang (Klojen) and one far outside the city.
MALANG_LAT, MALANG_LON = -7.9797, 112.6304
OUTSIDE_LAT, OUTSIDE_LON = -6.2000, 106.8166

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


# --- places and organisations -------------------------------------------------------------------


def square(lat: float, lon: float, half: float = 0.01) -> dict:
    """A GeoJSON Polygon: the square of side 2*half degrees centred on the point (lon/lat order)."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def make_area(
    *,
    lat: float = MALANG_LAT,
    lon: float = MALANG_LON,
    half: float = 0.01,
    level: str = AreaLevel.KELURAHAN,
    parent: Area | None = None,
    code: str = "",
    name: str = "",
    boundary: dict | None = None,
) -> Area:
    """An area whose boundary is a square around (lat, lon), or the given GeoJSON geometry."""
    number = _next()
    geometry = boundary or square(lat, lon, half)
    min_lat, max_lat, min_lon, max_lon = bounding_box(geometry)
    return Area.objects.create(
        code=code or f"35.73.{number:02d}",
        name=name or f"Area {number}",
        level=level,
        parent=parent,
        boundary=geometry,
        min_lat=min_lat,
        max_lat=max_lat,
        min_lon=min_lon,
        max_lon=max_lon,
        centroid_lat=lat,
        centroid_lon=lon,
    )


def make_kecamatan_and_kelurahan(
    *, lat: float = MALANG_LAT, lon: float = MALANG_LON, name: str = ""
) -> tuple[Area, Area]:
    """A kecamatan (square of 0.05°) holding one kelurahan (square of 0.01°), both centred on the point."""
    kecamatan = make_area(lat=lat, lon=lon, half=0.05, level=AreaLevel.KECAMATAN, name=name)
    kelurahan = make_area(lat=lat, lon=lon, half=0.01, level=AreaLevel.KELURAHAN, parent=kecamatan)
    return kecamatan, kelurahan


def make_department(
    *,
    code: str = "",
    name: str = "",
    abbreviation: str = "",
    kind: str = DepartmentKind.DINAS,
    area: Area | None = None,
    email: str = "",
    is_active: bool = True,
) -> Department:
    number = _next()
    return Department.objects.create(
        code=code or f"dept-{number}",
        name=name or f"Department {number}",
        abbreviation=abbreviation,
        kind=kind,
        area=area,
        email=email,
        is_active=is_active,
    )


def make_category(
    *,
    department: Department | None = None,
    code: str = "",
    name: str = "",
    handled_by_kecamatan: bool = False,
    sla_respond_days: int | None = None,
    sla_resolve_days: int | None = None,
    is_active: bool = True,
    extra_questions: list | None = None,
) -> Category:
    """A category; `department` becomes its default department (None: no default, so it goes to triage)."""
    number = _next()
    return Category.objects.create(
        code=code or f"category-{number}",
        name=name or f"Category {number}",
        default_department=department,
        handled_by_kecamatan=handled_by_kecamatan,
        sla_respond_days=sla_respond_days,
        sla_resolve_days=sla_resolve_days,
        is_active=is_active,
        extra_questions=extra_questions or [],
    )


# --- people ---------------------------------------------------------------------------------------


def make_user(
    role: str = Role.CITIZEN,
    department: Department | None = None,
    *,
    username: str = "",
    email: str = "",
    is_active: bool = True,
    password: str = PASSWORD,
) -> User:
    """A user with the role; officers and heads given a department become its members.

    Admins also get `is_staff` so they can open Django's admin.
    """
    number = _next()
    user = User.objects.create(
        username=username or f"{role}{number}",
        email=email or f"{username or role + str(number)}@example.org",
        password=_hashed(password),
        role=role,
        is_active=is_active,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if department is not None:
        if role not in DEPARTMENT_ROLES:
            raise ValueError("only officers and heads belong to a department")
        Membership.objects.create(user=user, department=department)
    return user


@functools.cache
def _hashed(password: str) -> str:
    # Hash once per run: password hashing is deliberately slow and tests make many users.
    return make_password(password)


class Personas:
    """The usual cast: two departments, a category for each, and one person per role.

    alice the citizen, kim the KIM assistant, vera the verifier (admin), lena the leader,
    oscar the officer and hana the head of DPUPRPKP (roads), bob the officer of Dishub (transport),
    charlie a citizen who must see nothing of alice's.
    """

    def __init__(self) -> None:
        self.kecamatan, self.kelurahan = make_kecamatan_and_kelurahan(name="Klojen")
        self.dpuprpkp = make_department(
            code="dpuprpkp", name="Dinas Pekerjaan Umum", abbreviation="DPUPRPKP", email="dpuprpkp@example.org"
        )
        self.dishub = make_department(code="dishub", name="Dinas Perhubungan", abbreviation="Dishub")
        self.kecamatan_office = make_department(
            code="kec-klojen", name="Kecamatan Klojen", kind=DepartmentKind.KECAMATAN, area=self.kecamatan
        )
        self.roads = make_category(code="jalan-rusak", name="Jalan rusak", department=self.dpuprpkp)
        self.parking = make_category(code="parkir", name="Parkir liar", department=self.dishub)
        self.public_order = make_category(code="ketertiban", name="Ketertiban umum", handled_by_kecamatan=True)
        self.alice = make_user(Role.CITIZEN, username="alice", email="alice@example.org")
        self.charlie = make_user(Role.CITIZEN, username="charlie")
        self.kim = make_user(Role.KIM, username="kim")
        self.vera = make_user(Role.ADMIN, username="vera")
        self.lena = make_user(Role.LEADER, username="lena")
        self.oscar = make_user(Role.OFFICER, self.dpuprpkp, username="oscar")
        self.hana = make_user(Role.HEAD, self.dpuprpkp, username="hana")
        self.bob = make_user(Role.OFFICER, self.dishub, username="bob")


# --- complaints -----------------------------------------------------------------------------------


def make_complaint(**kwargs: Any) -> Complaint:
    """A complaint through `actions.submit_complaint`; any of its arguments may be given.

    Without a category it lands in triage, unless `classify=True` lets the text classifier route it.
    """
    classify = bool(kwargs.pop("classify", False))
    kwargs.setdefault("text", "Jalan berlubang di depan sekolah, berbahaya untuk pengendara motor.")
    if classify:
        return actions.submit_complaint(**kwargs)
    with classifier_off():
        return actions.submit_complaint(**kwargs)


@contextmanager
def classifier_off() -> Iterator[None]:
    """Submissions without a category go to triage, as when the classifier is not sure (or switched off)."""
    policy = current_policy()
    enabled = policy.enabled
    RoutingPolicy.objects.filter(pk=policy.pk).update(enabled=False)
    try:
        yield
    finally:
        RoutingPolicy.objects.filter(pk=policy.pk).update(enabled=enabled)


def make_complaint_in(
    status: str,
    *,
    department: Department | None = None,
    officer: User | None = None,
    verifier: User | None = None,
    **kwargs: Any,
) -> Complaint:
    """A complaint brought to `status` through the real actions (RECEIVED, which only exists for the
    length of a submission, is written directly).

    `department` (made if missing) is where it is assigned; `officer` must belong to it and `verifier` is an
    admin; both are made when needed. Extra keyword arguments go to submit_complaint.
    """
    if status == Status.RECEIVED:
        return _make_received(**kwargs)
    if status in (Status.TRIAGE, Status.REJECTED, Status.MERGED):
        kwargs["category"] = None
        complaint = make_complaint(**kwargs)
        assert complaint.status == Status.TRIAGE
        if status == Status.TRIAGE:
            return complaint
        verifier = verifier or make_user(Role.ADMIN)
        if status == Status.REJECTED:
            return actions.reject_complaint(complaint=complaint, actor=verifier, reason="Bukan pengaduan.")
        target = make_complaint(text="Laporan utama yang sama.")
        return actions.merge_complaint(complaint=complaint, actor=verifier, into=target)

    department = department or make_department()
    kwargs.setdefault("category", make_category(department=department))
    complaint = make_complaint(**kwargs)
    if complaint.department_id != department.id:
        verifier = verifier or make_user(Role.ADMIN)
        if complaint.status == Status.TRIAGE:
            complaint = actions.assign_complaint(complaint=complaint, actor=verifier, department=department)
        else:
            complaint = actions.reassign_complaint(complaint=complaint, actor=verifier, department=department)
    assert complaint.status == Status.ASSIGNED
    if status == Status.ASSIGNED:
        return complaint
    officer = officer or make_user(Role.OFFICER, department)
    if status == Status.IN_PROGRESS:
        return actions.start_progress(complaint=complaint, actor=officer)
    if status == Status.NEEDS_INFO:
        return actions.request_information(complaint=complaint, actor=officer, question="Di RT/RW berapa?")
    complaint = actions.resolve_complaint(complaint=complaint, actor=officer, message="Sudah diperbaiki.")
    if status == Status.RESOLVED:
        return complaint
    if status == Status.CLOSED:
        return actions.auto_close(complaint=complaint)
    raise ValueError(f"unknown status {status!r}")


def _make_received(**kwargs: Any) -> Complaint:
    from sambat.lib.codes import new_secret_key, new_tracking_code

    complaint = Complaint.objects.create(
        tracking_code=new_tracking_code(),
        citizen_key=new_secret_key(),
        text=kwargs.pop("text", "Lampu jalan mati sejak seminggu."),
        status=Status.RECEIVED,
        **kwargs,
    )
    ComplaintEvent.objects.create(
        complaint=complaint, event_type="submitted", actor_kind="citizen", to_status=Status.RECEIVED
    )
    return complaint


def event_count(complaint: Complaint) -> int:
    return ComplaintEvent.objects.filter(complaint=complaint).count()


def backdate(complaint: Complaint, **fields: Any) -> Complaint:
    """Set timestamps (resolved_at, paused_at, due dates...) directly, for window and clock tests."""
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    complaint.refresh_from_db()
    return complaint


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


# --- images ---------------------------------------------------------------------------------------

# Somewhere in Malang, as a camera would write it: degrees, minutes, seconds.
GPS_LAT = (7.0, 58.0, 47.0)
GPS_LON = (112.0, 37.0, 49.0)


def jpeg_bytes(*, size: tuple[int, int] = (64, 48), colour: str = "red", exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def gps_exif(*, orientation: int | None = None) -> Image.Exif:
    """EXIF with camera make, a GPS position in Malang and optionally an orientation tag."""
    exif = Image.Exif()
    exif[0x010F] = "SambatCam"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = GPS_LAT
    gps[3] = "E"
    gps[4] = GPS_LON
    return exif


def jpeg_with_gps_bytes(*, size: tuple[int, int] = (64, 48), orientation: int | None = None) -> bytes:
    """A real JPEG whose EXIF holds a GPS position (and optionally an orientation)."""
    return jpeg_bytes(size=size, exif=gps_exif(orientation=orientation))


def png_bytes(*, size: tuple[int, int] = (40, 30), mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (0, 128, 255, 200) if mode == "RGBA" else "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(
    name: str = "photo.jpg", content: bytes | None = None, content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    """A file as a form upload would deliver it (a JPEG with GPS EXIF unless `content` is given)."""
    return SimpleUploadedFile(name, jpeg_with_gps_bytes() if content is None else content, content_type=content_type)


def clean_photos(count: int = 1) -> Sequence[CleanImage]:
    """Photos already passed through `lib.images.clean_image`, ready for an action's `photos=`."""
    return [clean_image(upload(f"photo{i}.jpg"), name=f"photo{i}.jpg") for i in range(count)]


def decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"))


class TemporaryMediaMixin:
    """For TestCase classes that store photos: MEDIA_ROOT is a fresh temporary folder, removed afterwards."""

    _media_dir: str
    _media_override: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        cls._media_dir = tempfile.mkdtemp(prefix="sambat-test-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media_dir)
        cls._media_override.enable()
        super().setUpClass()  # type: ignore[misc]

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()  # type: ignore[misc]
        cls._media_override.disable()
        shutil.rmtree(cls._media_dir, ignore_errors=True)
