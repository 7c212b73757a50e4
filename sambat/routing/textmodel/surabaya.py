"""What the default model needs to know about its training data (the Surabaya complaint export).

- `TOPIC_CATEGORIES`: the export's topic names mapped to Sambat's demo category codes, only where the
  mapping is clear; other topics give examples without a category.
- `PLACE_NAMES`: the city's own names, removed from the text while training (the kecamatan names
  come from the data's own column), so that the model learns what a complaint is about, not where
  it comes from. A model that learnt "Tambaksari" means "roads" would be useless in Malang.
"""

from sambat.routing.textmodel.examples import Example

PLACE_NAMES = ("surabaya", "suroboyo", "sby", "sbya", "jawa timur", "jatim", "kota pahlawan", "siola")

TOPIC_CATEGORIES: dict[str, str] = {
    # roads, pavements
    "Jalan Rusak dan Berlubang": "jalan-rusak",
    "Pavingisasi": "jalan-rusak",
    "Trotoar / Pedestrian": "jalan-rusak",
    "Pengaspalan jalan": "jalan-rusak",
    "Jalan Kampung": "jalan-rusak",
    # drainage and floods
    "Saluran Tepi Jalan": "drainase-banjir",
    "Pembangunan Saluran Drainase Perkotaan": "drainase-banjir",
    "Saluran Air Di Kampung/Perumahan": "drainase-banjir",
    "Pembersihan Sungai Akibat Sedimen Saluran": "drainase-banjir",
    "Informasi Lokasi Genangan": "drainase-banjir",
    "Pengerukan Saluran Permukiman": "drainase-banjir",
    "Perbaikan Tanggul / Plengsengan": "drainase-banjir",
    # street lights
    "PJU": "pju",
    # housing
    "Rusunawa": "perumahan-rtlh",
    "Rumah Tidak Layak Huni": "perumahan-rtlh",
    # rubbish
    "Informasi Pembersihan Sampah Di Saluran/Sungai, Pedestrian, dan Jalan": "sampah",
    "Penyediaan Pengangkutan Sampah Hasil Kerja Bakti": "sampah",
    "Sampah Full di TPS": "sampah",
    "Penyediaan Bantuan Pembersihan Sampah": "sampah",
    "Sampah Di Saluran/Rumah Pompa": "sampah",
    "Pengelolaan Sampah dan Limbah": "sampah",
    # parks and trees
    "Informasi Pemangkasan/Perantingan Pohon": "taman-pohon",
    "Taman": "taman-pohon",
    # pollution
    "Pencemaran Lingkungan": "pencemaran",
    # parking, traffic
    "Parkir": "parkir",
    "Jukir Liar": "parkir",
    "Retribusi Parkir": "parkir",
    "Traffic Light": "lalu-lintas",
    "Rambu/Bollard": "lalu-lintas",
    "Marka Jalan": "lalu-lintas",
    "Suroboyo Bus": "lalu-lintas",
    "Halte Bus": "lalu-lintas",
    "Rekayasa Lalu Lintas": "lalu-lintas",
    # water company
    "Pelayanan PDAM": "air-pdam",
    # population administration
    "KTP-el": "adminduk",
    "Akta Kelahiran": "adminduk",
    "Administrasi Kependudukan": "adminduk",
    "Akta Kematian": "adminduk",
    "Akta Perkawinan": "adminduk",
    "Konsolidasi NIK": "adminduk",
    "Kartu Identitas Anak": "adminduk",
    "Pelayanan Petugas Loket Dispendukcapil Siola": "adminduk",
    # permits
    "PBG (Persetujuan Bangunan Gedung)": "perizinan",
    "Perizinan SIUP (Surat Izin Usaha Perusahaan)": "perizinan",
    # local taxes
    "Informasi PBB": "pajak-daerah",
    "Informasi BPHTB": "pajak-daerah",
    "Informasi Pengajuan Pengurusan Obyek Pajak": "pajak-daerah",
    # social assistance
    "Bansos": "bansos",
    "MBR": "bansos",
    "Keluarga Miskin": "bansos",
    "BPJS PBI": "bansos",
    # education
    "PPDB Kota Surabaya": "pendidikan",
    "Aduan Permasalahan Lembaga Pendidikan": "pendidikan",
    "Informasi Program Indonesia Pintar (PIP/KIP) SD": "pendidikan",
    "PAUD / TK / SD / SMP": "pendidikan",
    "Aduan Tunggakan SPP": "pendidikan",
    "Beasiswa Mahasiswa": "pendidikan",
    "Aduan Sarana & Prasarana Lembaga Pendidikan": "pendidikan",
    # health
    "Pelayanan Puskesmas": "kesehatan",
    "Pelayanan Rumah Sakit": "kesehatan",
    "Pelayanan Rumah Sakit (selain RSUD)": "kesehatan",
    "Rujukan Pelayanan Kesehatan": "kesehatan",
    "Vaksinasi": "kesehatan",
    "Fogging": "kesehatan",
    # work
    "Lowongan Pekerjaan": "ketenagakerjaan",
    "Ketenagakerjaan": "ketenagakerjaan",
    # public order, street vendors
    "PKL": "ketertiban-pkl",
    # fire and rescue
    "Sumur / Tandon Air Pemadam Kebakaran": "kebakaran-penyelamatan",
    "Sosialisasi Terkait Pencegahan Dan Penanganan Awal Bencana Kebakaran": "kebakaran-penyelamatan",
    # markets and prices
    "Operasi Pasar": "pasar-harga",
    # public information and the city's apps
    "Aplikasi WargaKu": "informasi-publik",
    "Website ssw.surabaya.go.id": "informasi-publik",
}


#: Topics whose department differs between the two cities. Surabaya's street lights belong to its
#: transport agency (Dinas Perhubungan, mapped to dishub); in Kota Malang they belong to DPUPRPKP, as
#: the "pju" category's default department says.
MALANG_DEPARTMENT_BY_TOPIC: dict[str, str] = {"PJU": "dpuprpkp"}


def examples_from_rows(rows: list[dict[str, str]]) -> list[Example]:
    """Examples from the export's rows (columns text, label, topic), with the mapped category."""
    return [
        Example(
            text=row["text"],
            department=MALANG_DEPARTMENT_BY_TOPIC.get(row.get("topic", ""), row["label"].strip()),
            category=TOPIC_CATEGORIES.get(row.get("topic", ""), ""),
        )
        for row in rows
        if row["text"].strip() and row["label"].strip()
    ]


def place_names(rows: list[dict[str, str]]) -> list[str]:
    """The export's own place names: the kecamatan column plus the city's names."""
    return sorted({row["kecamatan"] for row in rows if row.get("kecamatan")} | set(PLACE_NAMES))
