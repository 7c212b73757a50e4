"""Small invented training sets for the text model's tests (no real complaint text)."""

import random

from sambat.routing.textmodel import Example

_PLACES = ["gang melati", "jalan kenanga", "perumahan griya asri", "depan pasar", "dekat masjid", "rt lima"]
_TOPICS: dict[str, tuple[str, list[str]]] = {
    "dpuprpkp": (
        "jalan-rusak",
        ["jalan berlubang", "aspal rusak parah", "jln ambles dan retak", "paving jalan lepas", "lubang besar di jalan"],
    ),
    "dlh": (
        "sampah",
        ["sampah menumpuk", "tumpukan sampah bau", "sampah tidak diangkut", "tps penuh sampah", "uwuh numpuk"],
    ),
    "dishub": (
        "parkir",
        ["parkir liar di bahu jalan", "juru parkir minta uang lebih", "jukir liar", "parkir sembarangan bikin macet"],
    ),
    "dispendukcapil": (
        "adminduk",
        ["ktp elektronik belum jadi", "akta kelahiran anak belum terbit", "kartu keluarga salah nama", "ktp hilang"],
    ),
}
_ENDINGS = ["mohon segera diperbaiki", "tolong ditindaklanjuti", "mhn dibantu", "sudah lama sekali", "terima kasih"]


def invented_examples(n_per_department: int = 20, seed: int = 1, *, with_categories: bool = True) -> list[Example]:
    rng = random.Random(seed)
    examples = []
    for department, (category, phrases) in _TOPICS.items():
        for _ in range(n_per_department):
            text = f"{rng.choice(phrases)} di {rng.choice(_PLACES)} {rng.choice(_ENDINGS)}"
            examples.append(Example(text=text, department=department, category=category if with_categories else ""))
    return examples
