"""Text normalisation for Indonesian complaint text.

Citizens write the way they chat: "yg", "gk", "jln", repeated letters, Javanese words ("dalane
bolong", "uwuh"), phone numbers and links. Mapping those to one standard form lets a model trained in
one city read the next city's complaints, which are written in the same informal register but about
different streets. Numbers, links and e-mail addresses are reduced to placeholders: they never say
which department must act, and in training they only teach the model local house numbers.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Texts are cut here before anything else: the opening of a complaint says what it is about, and
#: this bounds the work per complaint (a 100 KB paste costs the same as a long letter).
MAX_CHARS = 600

# Informal spellings, abbreviations and common Javanese (Suroboyoan/Malangan) words → standard
# Indonesian. Only words whose meaning is unambiguous in a complaint are mapped. Keys are whole words as the
# splitter produces them: lower case, letters only ("jalan2" is already "jalan").
SLANG: dict[str, str] = {
    # abbreviations and chat spelling
    "yg": "yang",
    "yng": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "dng": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "tdk": "tidak",
    "tdak": "tidak",
    "gk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gx": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "kagak": "tidak",
    "ndak": "tidak",
    "nda": "tidak",
    "tak": "tidak",
    "sy": "saya",
    "aq": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "mhn": "mohon",
    "mohonn": "mohon",
    "tlg": "tolong",
    "tlong": "tolong",
    "krn": "karena",
    "karna": "karena",
    "krna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blum": "belum",
    "bgt": "banget",
    "tp": "tetapi",
    "tpi": "tetapi",
    "tapi": "tetapi",
    "kl": "kalau",
    "klo": "kalau",
    "kalo": "kalau",
    "dr": "dari",
    "dri": "dari",
    "dlm": "dalam",
    "pd": "pada",
    "sm": "sama",
    "jg": "juga",
    "lg": "lagi",
    "org": "orang",
    "bpk": "bapak",
    "pak": "bapak",
    "bu": "ibu",
    "trs": "terus",
    "trus": "terus",
    "skrg": "sekarang",
    "skrang": "sekarang",
    "hrs": "harus",
    "bs": "bisa",
    "bsa": "bisa",
    "kmrn": "kemarin",
    "kmarin": "kemarin",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "aja": "saja",
    "emg": "memang",
    "dpt": "dapat",
    "kpd": "kepada",
    "thd": "terhadap",
    "sbg": "sebagai",
    "spt": "seperti",
    "bnyk": "banyak",
    "byk": "banyak",
    "sblm": "sebelum",
    "sgt": "sangat",
    "pdhl": "padahal",
    "msh": "masih",
    "masi": "masih",
    "rmh": "rumah",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "kelr": "kelurahan",
    "gg": "gang",
    "jln": "jalan",
    "jl": "jalan",
    "jlan": "jalan",
    "tsb": "tersebut",
    "sdgkan": "sedangkan",
    "sj": "saja",
    "ato": "atau",
    "atw": "atau",
    "bnr": "benar",
    "blh": "boleh",
    "mksh": "terima kasih",
    "makasih": "terima kasih",
    "trimakasih": "terima kasih",
    "terimakasih": "terima kasih",
    "thx": "terima kasih",
    "tks": "terima kasih",
    "dlu": "dulu",
    "kmn": "kemana",
    "dmn": "dimana",
    "gimn": "bagaimana",
    "sampe": "sampai",
    "smpe": "sampai",
    "lbh": "lebih",
    "pas": "saat",
    "wkt": "waktu",
    "tgl": "tanggal",
    "thn": "tahun",
    "bln": "bulan",
    "hr": "hari",
    "mgg": "minggu",
    "jd": "jadi",
    "jdi": "jadi",
    "sdg": "sedang",
    "lgsg": "langsung",
    "lsg": "langsung",
    "ortu": "orang tua",
    "pju": "lampu jalan",
    "lpju": "lampu jalan",
    "jukir": "juru parkir",
    "pkl": "pedagang kaki lima",
    "kk": "kartu keluarga",
    "ektp": "ktp",
    "rtlh": "rumah tidak layak huni",
    "mbr": "masyarakat berpenghasilan rendah",
    "dll": "dan lain lain",
    "dsb": "dan sebagainya",
    "ok": "oke",
    "okey": "oke",
    # Javanese (Suroboyoan / Malangan / Ngoko)
    "ora": "tidak",
    "wes": "sudah",
    "wis": "sudah",
    "uwis": "sudah",
    "sampun": "sudah",
    "durung": "belum",
    "dalan": "jalan",
    "dalane": "jalan",
    "ratan": "jalan",
    "banyu": "air",
    "banyune": "air",
    "uwuh": "sampah",
    "uwuhe": "sampah",
    "got": "saluran",
    "gote": "saluran",
    "selokan": "saluran",
    "mampet": "tersumbat",
    "buntet": "tersumbat",
    "omah": "rumah",
    "omahe": "rumah",
    "nyuwun": "mohon",
    "suwun": "terima kasih",
    "nuwun": "terima kasih",
    "tulung": "tolong",
    "peteng": "gelap",
    "reged": "kotor",
    "mambu": "bau",
    "ambune": "bau",
    "wong": "orang",
    "akeh": "banyak",
    "ndek": "di",
    "nang": "di",
    "ning": "di",
    "nde": "di",
    "piye": "bagaimana",
    "yok opo": "bagaimana",
    "yopo": "bagaimana",
    "opo": "apa",
    "iki": "ini",
    "iku": "itu",
    "kuwi": "itu",
    "karo": "dengan",
    "ambek": "dengan",
    "bolong": "berlubang",
    "bolongan": "lubang",
    "ambles": "amblas",
    "wit": "pohon",
    "uwit": "pohon",
    "wite": "pohon",
    "tugel": "patah",
    "ambruk": "roboh",
    "lampune": "lampu",
    "kaline": "sungai",
    "sekolahan": "sekolah",
    "duwit": "uang",
    "duit": "uang",
    "regane": "harga",
    "larang": "mahal",
    "pasare": "pasar",
    "bocah": "anak",
    "arek": "anak",
    "cah": "anak",
    "mlebu": "masuk",
    "metu": "keluar",
    "ngalor": "utara",
    "ngidul": "selatan",
    "dino": "hari",
    "bengi": "malam",
    "isuk": "pagi",
    "saiki": "sekarang",
    "maneh": "lagi",
    "meneh": "lagi",
    "jembatane": "jembatan",
}

# Multi-word Javanese phrases are rewritten before splitting into words.
_PHRASES = [(re.compile(r"\byok\s+opo\b"), "bagaimana"), (re.compile(r"\bmatur\s+nuwun\b"), "terima kasih")]

# Links, e-mail addresses and @mentions/#hashtags say nothing about who must act.
_NOISE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[@#]\w+")
_REPEAT = re.compile(r"(\w)\1{2,}")
# Anything but letters splits words; digits go too (house numbers, RT/RW, phone numbers).
_SPLIT = re.compile(r"[\W\d_]+")
# The same split for lower-case ASCII text, as a byte table: every byte but a-z becomes a space.
_ASCII_SPLIT = bytes(byte if 0x61 <= byte <= 0x7A else 0x20 for byte in range(256))


def normalise(text: str, *, drop: frozenset[str] = frozenset()) -> str:
    """One line of lower-case standard-Indonesian words: the form every feature is computed from.

    `drop` holds words to remove (training uses it for the training city's own place names, so the
    model learns the problem rather than the place).
    """
    return " ".join(tokens(text, drop=drop))


def tokens(text: str, *, drop: frozenset[str] = frozenset()) -> list[str]:
    """Normalised words of `text`, at most `MAX_CHARS` characters of it read."""
    words: list[str] = []
    extend = words.extend
    for word in raw_words(text):
        extend(word_forms(word))
    if drop:
        words = _drop_phrases(words, drop)
    return words


def raw_words(text: str) -> list[str]:
    """The lower-case words of `text` before `word_forms()`: what `tokens()` reads, split.

    Links, e-mail addresses, mentions and the Javanese phrases are handled here, on the whole text;
    everything that concerns one word at a time (repeated letters, slang) is left to `word_forms()`,
    which is cached: a running service meets the same few thousand words again and again.
    """
    if not isinstance(text, str):
        text = str(text)
    text = text[:MAX_CHARS]
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    # The patterns cannot match without these characters; most complaints have none.
    if "@" in text or "#" in text or "http" in text or "www" in text:
        text = _NOISE.sub(" ", text)
    if "yok" in text or "matur" in text:
        for pattern, replacement in _PHRASES:
            text = pattern.sub(replacement, text)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPLIT).decode("ascii").split()
    return [word for word in _SPLIT.split(text) if word]


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> tuple[str, ...]:
    """Standard form(s) of one word from `raw_words()`: letters repeated three times or more cut to
    two ("sampahhhh" → "sampahh"), then slang mapped ("pkl" → "pedagang kaki lima")."""
    if len(word) > 2 and _REPEAT.search(word):
        word = _REPEAT.sub(r"\1\1", word)
    form = SLANG.get(word, word)
    return tuple(form.split()) if " " in form else (form,)


def _drop_phrases(words: list[str], drop: frozenset[str]) -> list[str]:
    """Remove single words and two/three-word names ("dukuh pakis") found in `drop`."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if i + size <= len(words) and " ".join(words[i : i + size]) in drop:
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


def place_words(names: Iterable[str]) -> frozenset[str]:
    """Normalised forms of place names, ready to pass as `drop`."""
    result = set()
    for name in names:
        normalised = " ".join(tokens(name))
        if normalised:
            result.add(normalised)
    return frozenset(result)
