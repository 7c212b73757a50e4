"""The demo's categories and people: created or updated by code / user name, so loading twice changes nothing."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.choices import AreaLevel, DatumType, DepartmentKind
from sambat.agencies.models import Category, Department, Membership

DEMO_PASSWORD = "sambat-demo"  # noqa: S105 - documented in README; the demo must never be loaded into production
DEMO_EMAIL_DOMAIN = "demo.sambat.example"  # a reserved top-level domain: nothing can ever be delivered there


def _choice(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "name": name} for key, name in pairs]


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name: str
    name_en: str
    group: str
    department: str | None  # department code, None: no default (goes to the verifiers)
    description: str = ""
    handled_by_kecamatan: bool = False
    extra_questions: tuple[dict, ...] = ()


# Topics follow what SAMBAT Online receives most (parking, population documents, public order, drainage,
# street lights, roads, cleanliness) and the common Open311 services. Names are what a citizen would pick.
CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "jalan-rusak",
        "Jalan rusak / berlubang",
        "Damaged roads and potholes",
        "Infrastruktur",
        "dpuprpkp",
        "Jalan, trotoar atau jembatan yang rusak, berlubang atau ambles.",
        extra_questions=(
            {
                "code": "ukuran_lubang",
                "label": "Perkiraan ukuran kerusakan",
                "datatype": DatumType.SINGLEVALUELIST,
                "required": False,
                "values": _choice(
                    ("kecil", "Kecil (kurang dari 30 cm)"),
                    ("sedang", "Sedang (30 cm – 1 m)"),
                    ("besar", "Besar (lebih dari 1 m)"),
                ),
            },
        ),
    ),
    CategorySpec(
        "drainase-banjir",
        "Drainase, genangan & banjir",
        "Drainage and flooding",
        "Infrastruktur",
        "dpuprpkp",
        "Saluran tersumbat, gorong-gorong rusak, genangan atau banjir.",
    ),
    CategorySpec(
        "pju",
        "Penerangan jalan umum (PJU)",
        "Street lights",
        "Infrastruktur",
        "dpuprpkp",
        "Lampu jalan mati, berkedip atau menyala siang hari.",
        extra_questions=(
            {
                "code": "nomor_tiang",
                "label": "Nomor tiang PJU (jika terlihat)",
                "datatype": DatumType.STRING,
                "required": False,
            },
        ),
    ),
    CategorySpec(
        "perumahan-rtlh",
        "Perumahan & rumah tidak layak huni",
        "Housing and uninhabitable homes",
        "Infrastruktur",
        "dpuprpkp",
        "Rumah tidak layak huni (RTLH), prasarana perumahan.",
    ),
    CategorySpec(
        "sampah",
        "Sampah & kebersihan",
        "Waste and cleanliness",
        "Lingkungan",
        "dlh",
        "Sampah tidak diangkut, TPS penuh, pembuangan sampah liar.",
    ),
    CategorySpec(
        "taman-pohon",
        "Taman & pohon",
        "Parks and trees",
        "Lingkungan",
        "dlh",
        "Pohon tumbang atau rawan tumbang, perantingan, taman kota tidak terawat.",
    ),
    CategorySpec(
        "pencemaran",
        "Pencemaran lingkungan",
        "Pollution",
        "Lingkungan",
        "dlh",
        "Limbah, bau, asap atau kebisingan dari usaha dan kegiatan.",
    ),
    CategorySpec(
        "parkir",
        "Parkir & juru parkir",
        "Parking and parking attendants",
        "Transportasi",
        "dishub",
        "Parkir liar, tarif parkir tidak sesuai, juru parkir tanpa karcis.",
        extra_questions=(
            {
                "code": "tarif_diminta",
                "label": "Tarif yang diminta (Rp)",
                "datatype": DatumType.NUMBER,
                "required": False,
            },
        ),
    ),
    CategorySpec(
        "lalu-lintas",
        "Lalu lintas, rambu & lampu lalu lintas",
        "Traffic, signs and traffic lights",
        "Transportasi",
        "dishub",
        "Lampu lalu lintas mati, rambu atau marka rusak, kemacetan.",
    ),
    CategorySpec(
        "air-pdam",
        "Air bersih (Perumda Tugu Tirta)",
        "Water supply (PDAM)",
        "Utilitas",
        "perumda-tugu-tirta",
        "Air mati atau keruh, pipa bocor, tagihan air.",
        extra_questions=(
            {
                "code": "nomor_pelanggan",
                "label": "Nomor sambungan pelanggan",
                "datatype": DatumType.STRING,
                "required": False,
            },
        ),
    ),
    CategorySpec(
        "listrik-pln",
        "Listrik (PLN)",
        "Electricity (PLN)",
        "Utilitas",
        "pln-up3-malang",
        "Pemadaman, kabel menjuntai, tiang listrik miring. Gangguan darurat: PLN Mobile atau 123.",
    ),
    CategorySpec(
        "adminduk",
        "Administrasi kependudukan (KTP-el, KK, akta)",
        "Population documents (ID card, family card)",
        "Layanan administrasi",
        "dispendukcapil",
        "KTP-el, Kartu Keluarga, akta, KIA, pindah datang.",
        extra_questions=(
            {
                "code": "jenis_dokumen",
                "label": "Dokumen",
                "datatype": DatumType.SINGLEVALUELIST,
                "required": False,
                "values": _choice(
                    ("ktp-el", "KTP-el"),
                    ("kk", "Kartu Keluarga"),
                    ("akta-lahir", "Akta kelahiran"),
                    ("akta-mati", "Akta kematian"),
                    ("kia", "Kartu Identitas Anak"),
                    ("pindah", "Surat pindah / datang"),
                ),
            },
        ),
    ),
    CategorySpec(
        "perizinan",
        "Perizinan & investasi",
        "Permits and investment",
        "Layanan administrasi",
        "disnaker-pmptsp",
        "Izin usaha, PBG, layanan Mal Pelayanan Publik.",
    ),
    CategorySpec(
        "pajak-daerah",
        "Pajak daerah & PBB",
        "Local taxes and property tax",
        "Layanan administrasi",
        "bapenda",
        "PBB, pajak restoran, hotel dan reklame.",
        extra_questions=(
            {"code": "nop", "label": "Nomor objek pajak (NOP)", "datatype": DatumType.STRING, "required": False},
        ),
    ),
    CategorySpec(
        "layanan-kelurahan",
        "Layanan kelurahan & lingkungan RT/RW",
        "Kelurahan services and neighbourhood matters",
        "Layanan administrasi",
        None,
        "Surat pengantar, fasilitas umum lingkungan, kegiatan warga. Ditangani kantor kecamatan setempat.",
        handled_by_kecamatan=True,
    ),
    CategorySpec(
        "bansos",
        "Bantuan sosial",
        "Social assistance",
        "Sosial, pendidikan & kesehatan",
        "dinsos-p3ap2kb",
        "Bantuan sosial, DTKS, lansia terlantar, perlindungan anak dan perempuan.",
    ),
    CategorySpec(
        "pendidikan",
        "Pendidikan & sekolah",
        "Education and schools",
        "Sosial, pendidikan & kesehatan",
        "disdikbud",
        "Sekolah, PPDB/SPMB, pungutan, sarana sekolah.",
    ),
    CategorySpec(
        "kesehatan",
        "Kesehatan & puskesmas",
        "Health and community clinics",
        "Sosial, pendidikan & kesehatan",
        "dinkes",
        "Pelayanan puskesmas, obat, fogging dan penyakit menular.",
    ),
    CategorySpec(
        "ketenagakerjaan",
        "Ketenagakerjaan",
        "Employment",
        "Sosial, pendidikan & kesehatan",
        "disnaker-pmptsp",
        "Upah, THR, PHK, pelatihan dan lowongan kerja.",
    ),
    CategorySpec(
        "ketertiban-pkl",
        "Ketertiban umum & PKL",
        "Public order and street vendors",
        "Ketertiban",
        "satpolpp",
        "Pedagang kaki lima, bangunan liar, reklame liar, gangguan ketertiban.",
    ),
    CategorySpec(
        "kebakaran-penyelamatan",
        "Kebakaran & penyelamatan",
        "Fire and rescue",
        "Ketertiban",
        "upt-damkar",
        "Hidran, sarang tawon, evakuasi hewan. Keadaan darurat: hubungi 112.",
    ),
    CategorySpec(
        "pasar-harga",
        "Pasar & harga bahan pokok",
        "Markets and prices",
        "Ekonomi",
        "diskopindag",
        "Kondisi pasar rakyat, harga bahan pokok, timbangan pedagang.",
    ),
    CategorySpec(
        "informasi-publik",
        "Informasi publik & layanan daring",
        "Public information and online services",
        "Lainnya",
        "diskominfo",
        "Situs web dan aplikasi pemerintah kota, permohonan informasi publik.",
    ),
    CategorySpec(
        "lainnya",
        "Lainnya",
        "Other",
        "Lainnya",
        None,
        "Topik lain; tim verifikasi akan meneruskan ke perangkat daerah yang tepat.",
    ),
)


def load_categories() -> dict[str, Category]:
    departments = {department.code: department for department in Department.objects.all()}
    categories: dict[str, Category] = {}
    for order, spec in enumerate(CATEGORIES, start=1):
        fields = {
            "name": spec.name,
            "name_en": spec.name_en,
            "description": spec.description,
            "group": spec.group,
            "default_department": departments[spec.department] if spec.department else None,
            "handled_by_kecamatan": spec.handled_by_kecamatan,
            "extra_questions": [dict(question) for question in spec.extra_questions],
        }
        # Order and the active flag are the administrators' to change; a re-run keeps their choice.
        category, _created = Category.objects.update_or_create(
            code=spec.code, defaults=fields, create_defaults={**fields, "sort_order": order * 10, "is_active": True}
        )
        categories[spec.code] = category
    return categories


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    department: str = ""  # department code for officers and heads
    note: str = ""


# One person per role (invented names); these are the logins printed at the end of load_demo.
PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("admin", "Vera", "Anggraini", Role.ADMIN, note="Verifier at Diskominfo; Django admin (/admin/)"),
    PersonSpec("petugas.dpuprpkp", "Oskar", "Prasetyo", Role.OFFICER, "dpuprpkp"),
    PersonSpec("kepala.dpuprpkp", "Hana", "Wibisono", Role.HEAD, "dpuprpkp"),
    PersonSpec("petugas.dishub", "Bagus", "Santoso", Role.OFFICER, "dishub"),
    PersonSpec("petugas.satpolpp", "Sari", "Nugraheni", Role.OFFICER, "satpolpp"),
    PersonSpec(
        "pimpinan", "Lena", "Maharani", Role.LEADER, note="Leader (wali kota's office): read-only + instructions"
    ),
    PersonSpec("kim", "Kirana", "Putri", Role.KIM, note="KIM assistant: files complaints for residents"),
    PersonSpec("warga", "Alya", "Rahmawati", Role.CITIZEN, note="Citizen with an account"),
)


def officer_username(department: Department) -> str:
    """petugas.dlh, or petugas.kec.blimbing for a kecamatan office (its code holds digits only)."""
    if department.area is not None and department.kind in (DepartmentKind.KECAMATAN, DepartmentKind.KELURAHAN):
        return f"petugas.{department.kind[:3]}.{department.area.name.lower().replace(' ', '-')}"
    return f"petugas.{department.code}"


@dataclass
class Cast:
    """The demo's people, by role and department, for the story runner and the printed table."""

    admin: User
    leader: User
    kim: User
    citizen: User
    officers: dict[int, User]  # department id -> the officer who acts for it
    heads: dict[int, User]
    main: list[tuple[PersonSpec, User]]
    extra_officers: list[User]


def _person(spec: PersonSpec, password_hash: str, department: Department | None) -> User:
    fields = {
        "first_name": spec.first_name,
        "last_name": spec.last_name,
        "email": f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
        "role": spec.role,
        "is_active": True,
        "is_staff": spec.role == Role.ADMIN,
        "is_superuser": spec.role == Role.ADMIN,
    }
    # The password is set only when the account is created: a re-run must not undo a changed password.
    user, _created = User.objects.update_or_create(
        username=spec.username, defaults=fields, create_defaults={**fields, "password": password_hash}
    )
    if department is not None:
        Membership.objects.get_or_create(user=user, department=department)
    return user


def load_people(*, working_departments: list[Department]) -> Cast:
    """The main personas, plus an officer for every other department the demo complaints reach."""
    # Hash once: password hashing is deliberately slow and the demo creates a few dozen accounts.
    password_hash = make_password(DEMO_PASSWORD)
    departments = {department.code: department for department in Department.objects.all()}
    main = [(spec, _person(spec, password_hash, departments.get(spec.department))) for spec in PEOPLE]
    by_name = {spec.username: user for spec, user in main}
    officers = {user.memberships.get().department_id: user for spec, user in main if spec.role == Role.OFFICER}
    heads = {user.memberships.get().department_id: user for spec, user in main if spec.role == Role.HEAD}
    extra: list[User] = []
    for department in working_departments:
        if department.id in officers:
            continue
        spec = PersonSpec(
            officer_username(department),
            "Petugas",
            department.abbreviation or department.name[:40],
            Role.OFFICER,
            department.code,
        )
        officers[department.id] = _person(spec, password_hash, department)
        extra.append(officers[department.id])
    return Cast(
        admin=by_name["admin"],
        leader=by_name["pimpinan"],
        kim=by_name["kim"],
        citizen=by_name["warga"],
        officers=officers,
        heads=heads,
        main=main,
        extra_officers=extra,
    )


def working_departments(categories: dict[str, Category]) -> list[Department]:
    """Departments that receive demo complaints: every category's default and every kecamatan office."""
    found = {
        category.default_department.id: category.default_department
        for category in categories.values()
        if category.default_department is not None
    }
    for office in Department.objects.filter(area__level=AreaLevel.KECAMATAN).select_related("area"):
        found[office.id] = office
    return sorted(found.values(), key=lambda department: department.code)
