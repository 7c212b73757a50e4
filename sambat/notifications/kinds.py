"""Every kind of message Sambat sends: its placeholders, sample values and default wording in each language.

The wording is data, not code: an admin may replace it with a MessageTemplate per kind and language. The
defaults below are written out for both languages (rather than passed through the translation catalogue) so
that a message never depends on a compiled catalogue, and an admin editing the English or Indonesian text
sees exactly what is sent today. Texts use Django's template language with a fixed context of plain strings
per kind (listed in `placeholders`); nothing else of a complaint is reachable from a template.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sambat.notifications.choices import Audience, MessageLanguage

ID, EN = MessageLanguage.ID.value, MessageLanguage.EN.value

_CODE = _("the complaint's tracking code")
_CITY = _("the city's name")
_CITIZEN_URL = _("the citizen's private link to follow, reply to, rate and reopen the report")
_STAFF_URL = _("the complaint's page for staff")
_DEPARTMENT = _("the department handling it")
_STATUS = _("the complaint's status")
_TITLE = _("the complaint's title, or the start of its text")


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: Promise
    audience: str
    placeholders: dict[str, Promise]
    sample: dict[str, str]
    # language -> (subject, body), both Django template strings.
    defaults: dict[str, tuple[str, str]] = field(default_factory=dict)


_SAMPLE = {
    "code": "SBT-7K3Q9P",
    "city": "Kota Malang",
    "department": "Dinas Pekerjaan Umum",
    "status": "Diteruskan ke OPD",
    "title": "Jalan berlubang di Jl. Ijen",
    "text": "Jalan berlubang di depan rumah nomor 12 sejak minggu lalu.",
    "message": "Petugas akan menambal jalan pada hari Kamis.",
    "reason": "Kategori tidak jelas",
    "deadline": "tanggapan pertama",
    "due": "14 Maret 2025 16.00",
}
_SAMPLE_CITIZEN_URL = "https://sambat.example/lacak/SBT-7K3Q9P/?k=contoh"
_SAMPLE_STAFF_URL = "https://sambat.example/staf/aduan/42/"

_ID_FOOTER = "\n\nPantau dan balas laporan Anda di:\n{{ url }}"
_EN_FOOTER = "\n\nFollow and reply to your report at:\n{{ url }}"
_ID_UPDATE = "Kabar terbaru laporan Anda {{ code }}: {{ status }}"
_EN_UPDATE = "Update on your report {{ code }}: {{ status }}"


def _citizen(key: str, label: Promise, extra: dict[str, Promise], defaults: dict[str, tuple[str, str]]) -> MessageKind:
    placeholders = {"code": _CODE, "url": _CITIZEN_URL, "city": _CITY, "status": _STATUS, **extra}
    sample = {name: _SAMPLE.get(name, "") for name in placeholders} | {"url": _SAMPLE_CITIZEN_URL}
    return MessageKind(key, label, Audience.CITIZEN, placeholders, sample, defaults)


def _staff(key: str, label: Promise, extra: dict[str, Promise], defaults: dict[str, tuple[str, str]]) -> MessageKind:
    placeholders = {"code": _CODE, "url": _STAFF_URL, "city": _CITY, "title": _TITLE, **extra}
    sample = {name: _SAMPLE.get(name, "") for name in placeholders} | {"url": _SAMPLE_STAFF_URL}
    return MessageKind(key, label, Audience.STAFF, placeholders, sample, defaults)


def _update(key: str, label: Promise, id_body: str, en_body: str) -> MessageKind:
    """A public step on a citizen's complaint: `message` is the department's words or the system's sentence."""
    return _citizen(
        key,
        label,
        {"department": _DEPARTMENT, "message": _("what the department or the system said")},
        {ID: (_ID_UPDATE, id_body + _ID_FOOTER), EN: (_EN_UPDATE, en_body + _EN_FOOTER)},
    )


# A citizen who supports ("+1") a public complaint hears of its public steps, with the public tracking link only:
# the reporter's private link would let them reply in the reporter's name.
SUPPORTER_UPDATE = MessageKind(
    "supporter_update",
    _("Supporter: update on a complaint they support"),
    Audience.CITIZEN,
    {
        "code": _CODE,
        "url": _("the complaint's public tracking page"),
        "city": _CITY,
        "status": _STATUS,
        "title": _TITLE,
        "department": _DEPARTMENT,
        "message": _("what the department or the system said"),
    },
    {name: _SAMPLE.get(name, "") for name in ("code", "city", "status", "title", "department", "message")}
    | {"url": "https://sambat.example/lacak/SBT-7K3Q9P/"},
    {
        ID: (
            "Kabar terbaru aduan yang Anda dukung {{ code }}: {{ status }}",
            "{{ title }}\n\n{{ message }}\n\nPantau aduan ini di:\n{{ url }}\n\nAnda menerima pesan ini karena "
            "mendukung aduan ini. Batalkan dukungan Anda untuk berhenti menerima kabar.",
        ),
        EN: (
            "Update on a complaint you support {{ code }}: {{ status }}",
            "{{ title }}\n\n{{ message }}\n\nFollow this complaint at:\n{{ url }}\n\nYou receive this because you "
            "support this complaint. Withdraw your support to stop these updates.",
        ),
    },
)

_SLA_EXTRA: dict[str, Promise] = {
    "department": _DEPARTMENT,
    "deadline": _("which deadline: verification, first response or resolution"),
    "due": _("when it is or was due"),
}

# The one-time code for signing in to a mobile app (REST API): sent by e-mail or SMS, not tied to a complaint.
# The code stays out of the subject, which lists and notifications show to more eyes than the body.
SIGN_IN_CODE = MessageKind(
    "sign_in_code",
    _("Citizen: one-time sign-in code for the app"),
    Audience.CITIZEN,
    {
        "code": _("the one-time code"),
        "minutes": _("how many minutes the code is valid"),
        "city": _CITY,
        "url": _("the address of the city's Sambat site"),
    },
    {"code": "482913", "minutes": "10", "city": _SAMPLE["city"], "url": "https://sambat.example/"},
    {
        ID: (
            "Kode masuk aplikasi Sambat {{ city }}",
            "Kode masuk aplikasi Sambat {{ city }}: {{ code }}. Berlaku {{ minutes }} menit. Jangan berikan kode "
            "ini kepada siapa pun, termasuk petugas.\n{{ url }}",
        ),
        EN: (
            "Your sign-in code for the Sambat app of {{ city }}",
            "Your sign-in code for the Sambat app of {{ city }}: {{ code }}. Valid for {{ minutes }} minutes. "
            "Never give this code to anyone, staff included.\n{{ url }}",
        ),
    },
)

KINDS: tuple[MessageKind, ...] = (
    _citizen(
        "received",
        _("Citizen: report received"),
        {},
        {
            ID: (
                "Laporan Anda {{ code }} telah diterima",
                "Terima kasih. Kode lacak Anda adalah {{ code }}. Pantau dan balas laporan Anda di:\n{{ url }}\n"
                "Jangan bagikan tautan ini: tautan ini dapat dipakai untuk membalas, menilai, dan membuka kembali "
                "laporan.",
            ),
            EN: (
                "Your report {{ code }} has been received",
                "Thank you. Your tracking code is {{ code }}. Follow your report and reply at:\n{{ url }}\n"
                "Keep this link private: it lets you reply, rate and reopen.",
            ),
        },
    ),
    _citizen(
        "routed",
        _("Citizen: sent to a department"),
        {"department": _DEPARTMENT},
        {
            ID: (
                "Laporan Anda {{ code }} telah diteruskan ke {{ department }}",
                "Laporan Anda {{ code }} sedang ditangani oleh {{ department }}." + _ID_FOOTER,
            ),
            EN: (
                "Your report {{ code }} was sent to {{ department }}",
                "Your report {{ code }} is being handled by {{ department }}." + _EN_FOOTER,
            ),
        },
    ),
    _update(
        "progress",
        _("Citizen: progress update (work started, or a further answer)"),
        "{{ department }}: {{ message }}",
        "{{ department }}: {{ message }}",
    ),
    _update(
        "answered",
        _("Citizen: the department answered"),
        "{{ department }} menanggapi laporan Anda:\n\n{{ message }}",
        "{{ department }} answered your report:\n\n{{ message }}",
    ),
    _update(
        "info_requested",
        _("Citizen: more information needed"),
        "{{ department }} memerlukan keterangan tambahan dari Anda:\n\n{{ message }}\n\n"
        "Balas melalui tautan di bawah ini agar laporan dapat diproses.",
        "{{ department }} needs more information from you:\n\n{{ message }}\n\n"
        "Please reply through the link below so that your report can be handled.",
    ),
    _update(
        "resolved",
        _("Citizen: resolved"),
        "{{ department }} menyatakan laporan Anda selesai:\n\n{{ message }}\n\n"
        "Jika belum selesai, Anda dapat membuka kembali laporan; Anda juga dapat memberi penilaian.",
        "{{ department }} reports that your report is resolved:\n\n{{ message }}\n\n"
        "If it is not, you can reopen the report; you can also rate how it was handled.",
    ),
    _update("rejected", _("Citizen: rejected"), "{{ message }}", "{{ message }}"),
    _update("merged", _("Citizen: handled with another report"), "{{ message }}", "{{ message }}"),
    _update("updated", _("Citizen: other update"), "{{ message }}", "{{ message }}"),
    _staff(
        "staff_assigned",
        _("Staff: new complaint for the department"),
        {"department": _DEPARTMENT, "text": _("the complaint's text (up to 1,000 characters)")},
        {
            ID: ("Aduan baru {{ code }} di kotak masuk Anda", "{{ text }}\n\n{{ url }}"),
            EN: ("New complaint {{ code }} in your inbox", "{{ text }}\n\n{{ url }}"),
        },
    ),
    _staff(
        "staff_triage",
        _("Staff: complaint waiting for verification"),
        {"reason": _("why it needs a verifier"), "text": _("the complaint's text (up to 1,000 characters)")},
        {
            ID: ("Aduan {{ code }} menunggu verifikasi", "Alasan: {{ reason }}\n\n{{ text }}\n\n{{ url }}"),
            EN: ("Complaint {{ code }} is waiting for verification", "Reason: {{ reason }}\n\n{{ text }}\n\n{{ url }}"),
        },
    ),
    _staff(
        "staff_instruction",
        _("Staff: leader's instruction"),
        {"department": _DEPARTMENT, "message": _("the leader's instruction")},
        {
            ID: ("Disposisi pimpinan untuk {{ code }}", "{{ message }}\n\n{{ url }}"),
            EN: ("Leader's instruction on {{ code }}", "{{ message }}\n\n{{ url }}"),
        },
    ),
    _staff(
        "staff_citizen_replied",
        _("Staff: the citizen answered"),
        {"department": _DEPARTMENT, "message": _("the citizen's words")},
        {
            ID: ("Warga menjawab pada {{ code }}", "{{ message }}\n\n{{ url }}"),
            EN: ("The citizen answered on {{ code }}", "{{ message }}\n\n{{ url }}"),
        },
    ),
    _staff(
        "staff_reopened",
        _("Staff: the citizen reopened a resolved complaint"),
        {"department": _DEPARTMENT, "message": _("the citizen's words")},
        {
            ID: (
                "Dibuka kembali oleh warga: {{ code }}",
                "Warga membuka kembali aduan {{ code }} yang sudah diselesaikan:\n\n{{ message }}\n\n{{ url }}",
            ),
            EN: (
                "Reopened by the citizen: {{ code }}",
                "The citizen reopened complaint {{ code }}, which had been resolved:\n\n{{ message }}\n\n{{ url }}",
            ),
        },
    ),
    _staff(
        "sla_reminder",
        _("Staff: deadline reminder"),
        _SLA_EXTRA,
        {
            ID: (
                "Pengingat: batas waktu {{ deadline }} {{ code }} pada {{ due }}",
                "Batas waktu {{ deadline }} untuk aduan {{ code }} ({{ title }}) jatuh pada {{ due }}.\n\n{{ url }}",
            ),
            EN: (
                "Reminder: {{ deadline }} of {{ code }} is due {{ due }}",
                "The {{ deadline }} deadline of complaint {{ code }} ({{ title }}) is {{ due }}.\n\n{{ url }}",
            ),
        },
    ),
    _staff(
        "sla_warning",
        _("Staff: overdue warning (teguran) to the head"),
        _SLA_EXTRA,
        {
            ID: (
                "Teguran: {{ deadline }} {{ code }} terlambat",
                "Aduan {{ code }} ({{ title }}) di {{ department }} melewati batas waktu {{ deadline }} "
                "({{ due }}). Mohon segera ditindaklanjuti.\n\n{{ url }}",
            ),
            EN: (
                "Warning: {{ deadline }} of {{ code }} is overdue",
                "Complaint {{ code }} ({{ title }}) at {{ department }} missed its {{ deadline }} deadline "
                "({{ due }}). Please act on it now.\n\n{{ url }}",
            ),
        },
    ),
    _staff(
        "sla_escalation",
        _("Staff: escalation to the leaders"),
        _SLA_EXTRA,
        {
            ID: (
                "Eskalasi: {{ code }} terlambat sejak {{ due }}",
                "Aduan {{ code }} ({{ title }}) di {{ department }} belum memenuhi batas waktu {{ deadline }} "
                "sejak {{ due }} dan kini ada di antrean pimpinan.\n\n{{ url }}",
            ),
            EN: (
                "Escalated: {{ code }} overdue since {{ due }}",
                "Complaint {{ code }} ({{ title }}) at {{ department }} has missed its {{ deadline }} deadline "
                "since {{ due }} and is now in the leaders' queue.\n\n{{ url }}",
            ),
        },
    ),
    SIGN_IN_CODE,
    SUPPORTER_UPDATE,
)

BY_KEY: dict[str, MessageKind] = {kind.key: kind for kind in KINDS}


def message_kind_choices() -> list[tuple[str, Promise]]:
    """The template's `key` choices (a callable, so adding a kind needs no migration)."""
    return [(kind.key, kind.label) for kind in KINDS]


# The `deadline` placeholder, in the recipient's language.
DEADLINE_NAMES: dict[str, dict[str, str]] = {
    ID: {"verify": "verifikasi", "respond": "tanggapan pertama", "resolve": "penyelesaian"},
    EN: {"verify": "verification", "respond": "first response", "resolve": "resolution"},
}
