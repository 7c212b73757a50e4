"""Labelled examples from CSV files: any city's export, the mandates file, the Surabaya data set."""

import csv
import re
from pathlib import Path

from sambat.routing.textmodel.examples import MANDATE, MANDATE_PHRASE, Example

MANDATES_CSV = Path(__file__).resolve().parent / "data" / "mandates.csv"
#: A mandate line is a summary of what a department does; it counts as a few complaints.
MANDATE_WEIGHT = 3.0
# A mandate line lists many things ("tanah longsor, banjir bandang, angin puting beliung ..."); a
# complaint names one or two. Each listed phrase of two words or more is also a short example of its own.
_PHRASE_SPLIT = re.compile(r"[,;:()]|\.\s")


def read_rows(path: str | Path, *, required: list[str]) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with a header. ValueError (with a message fit for users) on any problem."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise ValueError(
                    f"{path}: missing column(s) {', '.join(missing)}; the file has: {', '.join(header) or 'no header'}"
                )
            return [{key: value or "" for key, value in row.items() if key is not None} for row in reader]
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"{path}: cannot read the CSV ({exc})") from exc


def read_labelled_csv(
    path: str | Path, *, text_column: str, label_column: str, category_column: str | None = None
) -> list[Example]:
    """Examples from a CSV; rows with an empty text or label are skipped."""
    required = [text_column, label_column] + ([category_column] if category_column else [])
    rows = read_rows(path, required=required)
    return [
        Example(
            text=row[text_column],
            department=row[label_column].strip(),
            category=row[category_column].strip() if category_column else "",
        )
        for row in rows
        if row[text_column].strip() and row[label_column].strip()
    ]


def mandate_examples(departments: set[str] | None = None, *, path: str | Path = MANDATES_CSV) -> list[Example]:
    """The department mandates (tugas pokok) as weighted examples, limited to `departments` when given:
    each line (weight `MANDATE_WEIGHT`, raised by `train()` for departments with many complaints and
    few lines) and each phrase it lists (weight 1).

    Limiting matters: a department known only from its mandate would be predicted without any
    complaint ever having been routed to it.
    """
    try:
        rows = read_rows(path, required=["code", "text"])
    except ValueError:
        return []
    examples = []
    for row in rows:
        code, text = row["code"].strip(), row["text"].strip()
        if not text or not code or (departments is not None and code not in departments):
            continue
        examples.append(Example(text=text, department=code, weight=MANDATE_WEIGHT, source=MANDATE))
        for phrase in _PHRASE_SPLIT.split(text):
            phrase = phrase.strip()
            if len(phrase.split()) >= 2 and phrase != text:
                examples.append(Example(text=phrase, department=code, source=MANDATE_PHRASE))
    return examples
