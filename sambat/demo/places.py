"""Where the demo's complaints happen: streets per kelurahan and map pins that fall inside the right kelurahan."""

import random
from dataclasses import dataclass

from sambat.agencies.choices import AreaLevel
from sambat.agencies.models import Area
from sambat.lib.geo import geometry_contains

# Well-known streets of each kelurahan (everyday spelling). Good enough for a demo, not a gazetteer.
STREETS: dict[str, tuple[str, ...]] = {
    # Kecamatan Blimbing
    "Balearjosari": ("Jl. Raya Balearjosari", "Jl. Ahmad Yani Utara"),
    "Arjosari": ("Jl. Raden Intan", "Jl. Teluk Grajakan", "Jl. Teluk Pelabuhan Ratu"),
    "Polowijen": ("Jl. Cakalang", "Jl. Polowijen", "Jl. Ahmad Yani Utara"),
    "Purwodadi": ("Jl. Ahmad Yani", "Jl. Panji Suroso", "Jl. Purwodadi"),
    "Blimbing": ("Jl. Borobudur", "Jl. Ahmad Yani", "Jl. Letjen S. Parman"),
    "Pandanwangi": ("Jl. L.A. Sucipto", "Jl. Simpang L.A. Sucipto", "Jl. Laksda Adi Sucipto"),
    "Purwantoro": ("Jl. Sulfat", "Jl. Sanan", "Jl. Ciliwung", "Jl. Tenaga"),
    "Bunulrejo": ("Jl. Hamid Rusdi", "Jl. Tumenggung Suryo", "Jl. Simpang Hamid Rusdi"),
    "Kesatrian": ("Jl. Panglima Sudirman", "Jl. Kesatrian"),
    "Polehan": ("Jl. Muharto", "Jl. Kalisari", "Jl. Polehan"),
    "Jodipan": ("Jl. Ir. H. Juanda", "Jl. Jodipan Wetan", "Jl. Juanda"),
    # Kecamatan Klojen
    "Klojen": ("Jl. Trunojoyo", "Jl. Kertanegara", "Jl. Pattimura", "Jl. Kahuripan"),
    "Rampalcelaket": ("Jl. W.R. Supratman", "Jl. Jaksa Agung Suprapto", "Jl. Cipto"),
    "Samaan": ("Jl. Jaksa Agung Suprapto", "Jl. Brantas", "Jl. Samaan"),
    "Kiduldalem": ("Jl. Basuki Rahmat", "Jl. Merdeka Selatan", "Jl. Sultan Agung", "Jl. Arif Rahman Hakim"),
    "Sukoharjo": ("Jl. Zainul Arifin", "Jl. Kyai Tamin", "Jl. Laksamana Martadinata", "Jl. Pasar Besar"),
    "Kasin": ("Jl. Brigjen Katamso", "Jl. Kasin", "Jl. Sartono SH"),
    "Kauman": ("Jl. Kawi", "Jl. Hasyim Ashari", "Jl. Kauman", "Jl. Arjuno"),
    "Oro-oro Dowo": ("Jl. Semeru", "Jl. Guntur", "Jl. Brigjen Slamet Riadi", "Jl. Pahlawan Trip", "Jl. Ijen"),
    "Bareng": ("Jl. Bareng Raya", "Jl. Bareng Tenes", "Jl. Kawi Atas"),
    "Gading Kasri": ("Jl. Galunggung", "Jl. Bondowoso", "Jl. Wilis", "Jl. Raya Dieng"),
    "Penanggungan": ("Jl. Bandung", "Jl. Jakarta", "Jl. Bogor", "Jl. Mayjen Panjaitan"),
    # Kecamatan Kedungkandang
    "Kotalama": ("Jl. Muharto", "Jl. Zaenal Zakse", "Jl. Kebalen Wetan"),
    "Mergosono": ("Jl. Kolonel Sugiono", "Jl. Mergosono", "Jl. Gatot Subroto"),
    "Bumiayu": ("Jl. Kyai Parseh Jaya", "Jl. Bumiayu", "Jl. Mayjen Sungkono"),
    "Wonokoyo": ("Jl. Raya Wonokoyo", "Jl. Mayjen Sungkono"),
    "Buring": ("Jl. Raya Buring", "Jl. Mayjen Sungkono"),
    "Kedungkandang": ("Jl. Raya Kedungkandang", "Jl. Ki Ageng Gribig"),
    "Lesanpuro": ("Jl. Raya Lesanpuro", "Jl. Ki Ageng Gribig"),
    "Sawojajar": ("Jl. Danau Toba", "Jl. Danau Kerinci", "Jl. Danau Maninjau", "Jl. Danau Sentani"),
    "Madyopuro": ("Jl. Raya Madyopuro", "Jl. Ki Ageng Gribig"),
    "Cemorokandang": ("Jl. Raya Cemorokandang", "Jl. Raya Madyopuro"),
    "Arjowinangun": ("Jl. Raya Arjowinangun", "Jl. Mayjen Sungkono"),
    "Tlogowaru": ("Jl. Raya Tlogowaru",),
    # Kecamatan Sukun
    "Ciptomulyo": ("Jl. Kolonel Sugiono", "Jl. Ciptomulyo"),
    "Gadang": ("Jl. Raya Gadang", "Jl. Kolonel Sugiono", "Jl. Satsui Tubun"),
    "Kebonsari": ("Jl. Satsui Tubun", "Jl. Kebonsari", "Jl. S. Supriadi"),
    "Bandungrejosari": ("Jl. Janti", "Jl. Kemantren", "Jl. Keben", "Jl. Klayatan"),
    "Sukun": ("Jl. S. Supriadi", "Jl. Raya Sukun", "Jl. Yulius Usman"),
    "Tanjungrejo": ("Jl. Ir. Rais", "Jl. Mergan Lori", "Jl. Tanjungrejo"),
    "Pisangcandi": ("Jl. Raya Langsep", "Jl. Terusan Dieng", "Jl. Pisang Kipas"),
    "Bandulan": ("Jl. Raya Bandulan", "Jl. Bandulan Baru"),
    "Karangbesuki": ("Jl. Raya Tidar", "Jl. Raya Karangbesuki"),
    "Mulyorejo": ("Jl. Raya Mulyorejo",),
    "Bakalankrajan": ("Jl. Raya Bakalan Krajan",),
    # Kecamatan Lowokwaru
    "Tunggulwulung": ("Jl. Akordion", "Jl. Saxophone", "Jl. Tunggulwulung"),
    "Merjosari": ("Jl. Joyo Agung", "Jl. Mertojoyo", "Jl. Joyo Raharjo"),
    "Tlogomas": ("Jl. Raya Tlogomas", "Jl. Tirto Taruno"),
    "Dinoyo": ("Jl. M.T. Haryono", "Jl. Gajayana", "Jl. Tata Surya"),
    "Sumbersari": ("Jl. Sumbersari", "Jl. Bendungan Sigura-gura", "Jl. Bendungan Sutami"),
    "Ketawanggede": ("Jl. Kertoraharjo", "Jl. Watu Gong", "Jl. Veteran"),
    "Jatimulyo": ("Jl. Soekarno-Hatta", "Jl. Kembang Kertas", "Jl. Vinolia"),
    "Tunjungsekar": ("Jl. Ikan Piranha", "Jl. Ikan Tombro", "Jl. Tunjungsekar"),
    "Mojolangu": ("Jl. Candi Panggung", "Jl. Candi Mendut", "Jl. Sudimoro"),
    "Tulusrejo": ("Jl. Cengger Ayam", "Jl. Kalpataru", "Jl. Kendalsari"),
    "Lowokwaru": ("Jl. Bantaran", "Jl. Letjen Sutoyo", "Jl. Sarangan"),
    "Tasik Madu": ("Jl. Raya Tasikmadu",),
}

LANDMARKS: tuple[str, ...] = (
    "depan minimarket",
    "dekat masjid",
    "depan SD negeri",
    "pertigaan",
    "dekat perempatan",
    "sebelah jembatan",
    "depan warung kopi",
    "samping musala",
    "seberang apotek",
    "dekat pos kamling",
    "depan gapura gang",
    "dekat lampu merah",
    "depan bengkel",
    "sebelah toko bangunan",
    "dekat halte",
)

MARKETS: tuple[str, ...] = (
    "Pasar Besar",
    "Pasar Blimbing",
    "Pasar Oro-oro Dowo",
    "Pasar Dinoyo",
    "Pasar Bunul",
    "Pasar Kebalen",
    "Pasar Gadang",
    "Pasar Tawangmangu",
    "Pasar Klojen",
    "Pasar Madyopuro",
)


@dataclass(frozen=True)
class Place:
    """A spot in a kelurahan: a street, a landmark, a postal-style address and (optionally) a map pin."""

    kelurahan: Area
    kecamatan: Area
    street: str
    landmark: str
    address: str
    latitude: float
    longitude: float

    @property
    def spot(self) -> str:
        """How a citizen names the place in a sentence: "Jl. Danau Toba dekat masjid"."""
        return f"{self.street} {self.landmark}"


class Gazetteer:
    """The kelurahan with their boundaries, loaded once; pins are checked like `find_kelurahan` would."""

    def __init__(self) -> None:
        areas = list(Area.objects.filter(level__in=[AreaLevel.KECAMATAN, AreaLevel.KELURAHAN]).order_by("code"))
        self.kecamatan = {area.id: area for area in areas if area.level == AreaLevel.KECAMATAN}
        # Same order as find_kelurahan's query (Area's default ordering by code): the first match wins.
        self.kelurahan = [area for area in areas if area.level == AreaLevel.KELURAHAN]

    def _first_containing(self, lat: float, lon: float) -> Area | None:
        for area in self.kelurahan:
            if area.min_lat <= lat <= area.max_lat and area.min_lon <= lon <= area.max_lon:  # type: ignore[operator]
                if geometry_contains(area.boundary, lat=lat, lon=lon):
                    return area
        return None

    def pin(self, area: Area, rng: random.Random) -> tuple[float, float]:
        """A point near the kelurahan's centroid that the lookup resolves to that very kelurahan."""
        assert area.centroid_lat is not None and area.centroid_lon is not None
        assert area.min_lat is not None and area.max_lat is not None
        assert area.min_lon is not None and area.max_lon is not None
        half_lat = (area.max_lat - area.min_lat) * 0.25
        half_lon = (area.max_lon - area.min_lon) * 0.25
        for attempt in range(60):
            spread = 1.0 if attempt < 40 else 2.0  # widen the search if the area is narrow around its centroid
            lat = round(area.centroid_lat + rng.uniform(-half_lat, half_lat) * spread, 6)
            lon = round(area.centroid_lon + rng.uniform(-half_lon, half_lon) * spread, 6)
            if self._first_containing(lat, lon) == area:
                return lat, lon
        return round(area.centroid_lat, 6), round(area.centroid_lon, 6)

    def place(self, rng: random.Random, *, kelurahan: Area | None = None) -> Place:
        area = kelurahan or rng.choice(self.kelurahan)
        kecamatan = self.kecamatan[area.parent_id]  # type: ignore[index]
        street = rng.choice(STREETS.get(area.name, (f"Jl. {area.name}",)))
        landmark = rng.choice(LANDMARKS)
        if rng.random() < 0.5:
            house = f"No. {rng.randint(1, 180)}"
        else:
            house = f"Gg. {rng.randint(1, 12)} RT {rng.randint(1, 12):02d} RW {rng.randint(1, 9):02d}"
        address = f"{street} {house}, {area.name}, {kecamatan.name}"
        lat, lon = self.pin(area, rng)
        return Place(
            kelurahan=area,
            kecamatan=kecamatan,
            street=street,
            landmark=landmark,
            address=address,
            latitude=lat,
            longitude=lon,
        )
