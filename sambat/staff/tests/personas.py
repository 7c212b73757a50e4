"""People, departments and complaints the staff workspace tests share.

Personas: alice the citizen, kiki the KIM assistant, vera the verifier (admin), oscar the officer and
hana the head of DPUPRPKP (roads), bob the officer of Dishub (transport), lena the leader.
"""

import io
import logging
import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area, Category, Department, Membership
from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.complaints.tests.factories import square

_MEDIA_ROOT = tempfile.mkdtemp(prefix="sambat-staff-tests-")

# Kelurahan Kauman (Klojen) as a small square around this point; Sukun's kelurahan lies further south.
KAUMAN_LAT, KAUMAN_LON = -7.9800, 112.6300
SUKUN_LAT, SUKUN_LON = -8.0100, 112.6100


def _kelurahan(code: str, name: str, parent: Area, lat: float, lon: float) -> Area:
    boundary = square(lat, lon, half=0.004)
    return Area.objects.create(
        code=code,
        name=name,
        level=AreaLevel.KELURAHAN,
        parent=parent,
        boundary=boundary,
        min_lat=lat - 0.004,
        max_lat=lat + 0.004,
        min_lon=lon - 0.004,
        max_lon=lon + 0.004,
        centroid_lat=lat,
        centroid_lon=lon,
    )


def png_bytes(colour: str = "red", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(name: str = "bukti.png", colour: str = "green") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(colour), content_type="image/png")


def fake_photo(name: str = "bukti.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php echo 'not an image'; ?>", content_type="image/jpeg")


# English screens, so the assertions keep their meaning when the Indonesian translations arrive.
@override_settings(MEDIA_ROOT=_MEDIA_ROOT, SAMBAT_MAP_TILE_URL="", LANGUAGE_CODE="en")
class StaffTestCase(TestCase):
    """Two departments with staff, two kecamatan, two categories and one user per role."""

    _request_log_level: int
    alice: User
    kiki: User
    vera: User
    oscar: User
    hana: User
    bob: User
    lena: User
    dpuprpkp: Department
    dishub: Department
    roads: Category
    parking: Category
    klojen: Area
    sukun: Area
    kauman: Area
    bandungrejosari: Area

    @classmethod
    def setUpTestData(cls) -> None:
        cls.klojen = Area.objects.create(code="35.73.03", name="Klojen", level=AreaLevel.KECAMATAN)
        cls.sukun = Area.objects.create(code="35.73.02", name="Sukun", level=AreaLevel.KECAMATAN)
        cls.kauman = _kelurahan("35.73.03.1006", "Kauman", cls.klojen, KAUMAN_LAT, KAUMAN_LON)
        cls.bandungrejosari = _kelurahan("35.73.02.1011", "Bandungrejosari", cls.sukun, SUKUN_LAT, SUKUN_LON)

        cls.dpuprpkp = Department.objects.create(
            code="dpuprpkp",
            name="Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
            abbreviation="DPUPRPKP",
        )
        cls.dishub = Department.objects.create(code="dishub", name="Dinas Perhubungan", abbreviation="Dishub")
        cls.roads = Category.objects.create(code="jalan-rusak", name="Jalan rusak", default_department=cls.dpuprpkp)
        cls.parking = Category.objects.create(code="parkir", name="Parkir liar", default_department=cls.dishub)

        cls.alice = cls.make_user("alice", Role.CITIZEN)
        cls.kiki = cls.make_user("kiki", Role.KIM)
        cls.vera = cls.make_user("vera", Role.ADMIN)
        cls.oscar = cls.make_user("oscar", Role.OFFICER, department=cls.dpuprpkp)
        cls.hana = cls.make_user("hana", Role.HEAD, department=cls.dpuprpkp)
        cls.bob = cls.make_user("bob", Role.OFFICER, department=cls.dishub)
        cls.lena = cls.make_user("lena", Role.LEADER)

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # 403 and 404 answers are expected here; keep their warnings out of the test output.
        request_logger = logging.getLogger("django.request")
        cls._request_log_level = request_logger.level
        request_logger.setLevel(logging.ERROR)

    @classmethod
    def tearDownClass(cls) -> None:
        logging.getLogger("django.request").setLevel(cls._request_log_level)
        super().tearDownClass()
        shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)

    @staticmethod
    def make_user(username: str, role: str, *, department: Department | None = None) -> User:
        user = User.objects.create_user(
            username=username, password="x-Sambat-2024", role=role, first_name=username.capitalize()
        )
        if department is not None:
            Membership.objects.create(user=user, department=department)
        return user

    # --- complaints in each state, made through the real actions ---------------------------------

    @classmethod
    def file(
        cls, text: str = "Jalan berlubang besar di depan sekolah, membahayakan pengendara.", **kwargs: Any
    ) -> Complaint:
        kwargs.setdefault("reporter_name", "Siti Rahayu")
        kwargs.setdefault("reporter_phone", "081234567890")
        kwargs.setdefault("reporter_email", "siti@example.org")
        return actions.submit_complaint(text=text, **kwargs)

    @classmethod
    def roads_complaint(cls, text: str = "Jalan berlubang di Jl. Merdeka dekat alun-alun.", **kwargs: Any) -> Complaint:
        """Assigned to DPUPRPKP (oscar and hana)."""
        kwargs.setdefault("latitude", KAUMAN_LAT)
        kwargs.setdefault("longitude", KAUMAN_LON)
        return cls.file(text, category=cls.roads, **kwargs)

    @classmethod
    def parking_complaint(
        cls, text: str = "Parkir liar memenuhi trotoar Jl. Kawi setiap sore.", **kwargs: Any
    ) -> Complaint:
        """Assigned to Dishub (bob)."""
        kwargs.setdefault("latitude", SUKUN_LAT)
        kwargs.setdefault("longitude", SUKUN_LON)
        return cls.file(text, category=cls.parking, **kwargs)

    @classmethod
    def triage_complaint(cls, text: str = "Ada masalah di kampung kami, mohon dibantu.", **kwargs: Any) -> Complaint:
        """No category, and the classifier does not decide: waits in the verifiers' queue."""
        with f.classifier_off():
            return cls.file(text, **kwargs)

    @staticmethod
    def reload(complaint: Complaint) -> Complaint:
        return Complaint.objects.get(pk=complaint.pk)
