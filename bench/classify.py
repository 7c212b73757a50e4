"""Routing classifier latency: load the shipped model, classify complaints one at a time on one core.

    .venv/bin/python bench/classify.py [--csv PATH] [--column text] [-n 2000] [--model PATH]

Texts come from --csv (default ../shared/data/routing/train_surabaya.csv when it exists), else are
generated from a small phrase list. Prints p50/p99 per complaint in milliseconds, for a first pass
(every word new to the worker's cache) and a second pass over the same texts (steady state).
"""

import os

# One thread for numpy's BLAS too: a worker process classifies on one core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "routing" / "train_surabaya.csv"
DEFAULT_MODEL = ROOT / "sambat" / "routing" / "default_model" / "model.npz"

_OPENINGS = ["Mohon dibantu,", "Selamat pagi, saya warga RT 03.", "Lapor min,", "Tolong pak,", ""]
_PROBLEMS = [
    "jalan di depan gang berlubang besar dan sudah memakan korban",
    "lampu PJU di perempatan mati sudah seminggu, gelap sekali",
    "sampah di TPS menumpuk tidak diangkut dan baunya sampai rumah",
    "saluran got mampet, kalau hujan air meluber ke jalan",
    "KTP-el saya belum jadi padahal sudah rekam tiga bulan lalu",
    "air PDAM tidak mengalir sejak kemarin pagi",
    "parkir liar di trotoar bikin macet tiap sore",
    "anak saya belum dapat bantuan KIP padahal keluarga tidak mampu",
    "pohon besar miring hampir roboh ke kabel listrik",
    "pedagang kaki lima berjualan di atas trotoar",
]
_CLOSINGS = ["Terima kasih.", "Mohon segera ditindaklanjuti.", "Matur nuwun.", "yg berwenang tlg dicek", ""]


def synthetic_texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = [rng.choice(_OPENINGS)] + [rng.choice(_PROBLEMS) for _ in range(rng.choice([1, 1, 2, 3]))]
        texts.append(" ".join(parts + [rng.choice(_CLOSINGS)]).strip())
    return texts


def csv_texts(path: Path, column: str, n: int, seed: int = 0) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        texts = [row[column] for row in csv.DictReader(fh) if row.get(column)]
    random.Random(seed).shuffle(texts)
    return texts[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV if DEFAULT_CSV.is_file() else None)
    parser.add_argument("--synthetic", action="store_true", help="generated texts even when the CSV exists")
    parser.add_argument("--column", default="text")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as a single worker would have

    from sambat.routing.textmodel.model import TextModel  # no Django needed

    started = time.perf_counter()
    model = TextModel.load(args.model)
    load_ms = (time.perf_counter() - started) * 1000
    use_csv = args.csv is not None and not args.synthetic
    texts = csv_texts(args.csv, args.column, args.n) if use_csv else synthetic_texts(args.n)
    source = str(args.csv) if use_csv else "synthetic texts"
    size_mb = args.model.stat().st_size / 1e6
    print(f"routing classifier: model {model.version} ({size_mb:.1f} MB, loaded in {load_ms:.0f} ms)")
    print(f"  {len(texts)} complaints from {source}, one at a time, one core")
    # First pass: every word seen for the first time (a fresh worker); second: the steady state.
    for name in ("first pass", "second pass"):
        timings = []
        for text in texts:
            t0 = time.perf_counter()
            model.predict(text)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(f"  {name:11}  per complaint: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {timings[-1]:.3f} ms")


if __name__ == "__main__":
    main()
