"""The Indonesian catalogue is complete, compiled and in use.

Indonesian is the default language, so a string missing from the catalogue shows up in English on the
city's own pages. These tests read the .po files directly (no gettext tools needed) and fail when:
a string in the code or templates is not in the catalogue (run `manage.py makemessages -l id -l en`),
an entry is untranslated or fuzzy, a placeholder differs from the msgid, or the compiled .mo does not
hold exactly what the .po says (run `manage.py compilemessages`).
"""

import ast
import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client, SimpleTestCase, TestCase
from django.utils import translation
from django.utils.translation.template import templatize

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
SOURCE_DIR = Path(settings.BASE_DIR) / "sambat"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")

# The keywords makemessages passes to xgettext for Python files: name -> (position of the context, of the msgid).
PYTHON_KEYWORDS: dict[str, tuple[int | None, int]] = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
# What django.utils.translation.template.templatize writes for {% translate %} and {% blocktranslate %}.
_LITERAL = r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(\s*{_LITERAL}(?:\s*,\s*{_LITERAL})?(?:\s*,\s*{_LITERAL})?")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header excluded); obsolete `#~` entries are skipped like msgfmt does."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        flags: set[str] = set()
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current, _, value = line.partition(" ")
                fields[current] = _unquote(value)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        entry = Entry(msgid=fields["msgid"], msgctxt=fields.get("msgctxt"), msgid_plural=fields.get("msgid_plural"))
        entry.flags = flags
        for name, value in fields.items():
            if name == "msgstr":
                entry.msgstr[0] = value
            elif name.startswith("msgstr["):
                entry.msgstr[int(name[7:-1])] = value
        entries.append(entry)
    return entries


def _python_msgids(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in PYTHON_KEYWORDS:
            continue
        context_at, msgid_at = PYTHON_KEYWORDS[name]
        args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        msgid = args[msgid_at] if len(args) > msgid_at else None
        if isinstance(msgid, str):
            context = args[context_at] if context_at is not None else None
            found.add((context if isinstance(context, str) else None, msgid))
    return found


def _template_msgids(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        function, *literals = match.groups()
        values = [ast.literal_eval(literal) for literal in literals if literal is not None]
        if function.startswith(("pgettext", "npgettext")):
            found.add((values[0], values[1]))
        else:
            found.add((None, values[0]))
    return found


def source_msgids() -> set[tuple[str | None, str]]:
    msgids: set[tuple[str | None, str]] = set()
    for path in SOURCE_DIR.rglob("*.py"):
        msgids |= _python_msgids(path)
    for path in [*SOURCE_DIR.rglob("templates/**/*.html"), *SOURCE_DIR.rglob("templates/**/*.txt")]:
        msgids |= _template_msgids(path)
    return msgids


class CatalogueTests(SimpleTestCase):
    def test_it_has_every_string_of_the_code_and_templates(self) -> None:
        catalogue = {entry.key for entry in read_po(LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po")}
        missing = sorted(str(msgid) for msgid in source_msgids() - catalogue)
        self.assertEqual(missing, [], "run `manage.py makemessages -l id -l en` and translate the new entries")

    def test_it_translates_every_entry_without_fuzzy_ones(self) -> None:
        entries = read_po(LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po")
        self.assertGreater(len(entries), 400)
        for entry in entries:
            with self.subTest(msgid=entry.msgid):
                self.assertNotIn("fuzzy", entry.flags)
                # Indonesian has one plural form (nplurals=1).
                self.assertEqual(list(entry.msgstr), [0])
                self.assertTrue(entry.msgstr[0].strip())

    def test_it_keeps_the_placeholders_of_each_msgid(self) -> None:
        for entry in read_po(LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po"):
            with self.subTest(msgid=entry.msgid):
                expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
                self.assertEqual(sorted(PLACEHOLDER.findall(entry.msgstr[0])), expected)
                self.assertEqual(entry.msgstr[0].count("<"), entry.msgid.count("<"))

    def test_it_compiled_each_catalogue_from_its_current_po(self) -> None:
        for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
            with self.subTest(catalogue=str(po_path.relative_to(LOCALE_DIR))):
                expected: dict[object, str] = {}
                for entry in read_po(po_path):
                    if "fuzzy" in entry.flags or not any(entry.msgstr.values()):
                        continue  # msgfmt leaves these out
                    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
                    if entry.msgid_plural is None:
                        expected[msgid] = entry.msgstr[0]
                    else:
                        expected.update({(msgid, index): value for index, value in entry.msgstr.items()})
                with po_path.with_suffix(".mo").open("rb") as mo_file:
                    compiled = dict(gnu_gettext.GNUTranslations(mo_file)._catalog)  # type: ignore[attr-defined]
                compiled.pop("", None)  # the header
                self.assertEqual(compiled, expected, "run `manage.py compilemessages`")

    def test_it_translates_through_django(self) -> None:
        with translation.override("id"):
            self.assertEqual(translation.gettext("Public board"), "Papan publik")
            self.assertEqual(translation.gettext("Where is my report?"), "Sampai di mana sambat saya?")
            self.assertEqual(
                translation.ngettext("%(counter)s complaint", "%(counter)s complaints", 3) % {"counter": 3},
                "3 aduan",
            )
        with translation.override("en"):
            self.assertEqual(translation.gettext("Public board"), "Public board")


class TranslatedPagesTests(TestCase):
    def test_it_shows_the_home_page_in_indonesian(self) -> None:
        response = Client().get("/")
        self.assertContains(response, "Sampaikan sambat Anda")
        self.assertContains(response, "Papan publik")
        self.assertNotContains(response, "Tell us your complaint")

    def test_it_shows_the_home_page_in_english_when_chosen(self) -> None:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/")
        self.assertContains(response, "Tell us your complaint")
        self.assertNotContains(response, "Sampaikan sambat Anda")
