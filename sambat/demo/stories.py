"""The demo's complaint histories: planned per complaint, then played in time order through the real actions.

Each complaint gets a story (how far it got: waiting in triage, answered, resolved and rated, merged, ...).
A story is a list of steps with simulated times: citizens act in waking hours, staff in office hours. All
steps of all complaints are then run in time order under a simulated clock, so every status, event, due date
and outbox row is exactly what the actions would have written on those days.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from sambat.accounts.models import User
from sambat.agencies.models import Category, Department
from sambat.agencies.queries import kecamatan_office
from sambat.complaints import actions
from sambat.complaints.choices import Channel, Kind, Privacy, Status
from sambat.complaints.models import Complaint
from sambat.demo import texts
from sambat.demo.clock import SimulatedClock
from sambat.demo.photos import PHOTO_CATEGORIES, demo_photo
from sambat.demo.places import Gazetteer, Place
from sambat.demo.reference import Cast
from sambat.lib.images import CleanImage

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
HISTORY = dt.timedelta(days=90)

# How common each kind of complaint is (SAMBAT's busiest topics first).
CATEGORY_WEIGHTS = {
    "jalan-rusak": 10,
    "drainase-banjir": 9,
    "parkir": 9,
    "pju": 8,
    "sampah": 8,
    "adminduk": 8,
    "ketertiban-pkl": 7,
    "taman-pohon": 5,
    "lalu-lintas": 5,
    "air-pdam": 5,
    "layanan-kelurahan": 3,
    "bansos": 3,
    "pendidikan": 3,
    "kesehatan": 3,
    "listrik-pln": 2,
    "perizinan": 2,
    "pajak-daerah": 2,
    "ketenagakerjaan": 2,
    "pasar-harga": 2,
    "pencemaran": 2,
    "informasi-publik": 2,
    "kebakaran-penyelamatan": 1,
    "perumahan-rtlh": 1,
}
CHANNEL_WEIGHTS = {
    Channel.WEB: 45,
    Channel.APP: 15,
    Channel.ASSISTED: 8,
    Channel.WHATSAPP: 8,
    Channel.SMS: 7,
    Channel.SOCIAL: 5,
    Channel.EMAIL: 5,
    Channel.STAFF: 4,
    Channel.LAPOR: 3,
}
MAP_CHANNELS = frozenset({Channel.WEB, Channel.APP, Channel.ASSISTED, Channel.STAFF})


CORRECTION_NOTE = "Salah disposisi, dipindahkan ke perangkat daerah yang berwenang."


@dataclass(frozen=True)
class StoryKind:
    name: str
    weight: float
    # Age of the story's last step, in hours; empty: anywhere in the 90 days of history.
    ages: tuple[tuple[float, float, float], ...] = ()  # (share, min hours, max hours)
    complaints_only: bool = False  # only complaints (pengaduan), not questions or ideas


STORIES: tuple[StoryKind, ...] = (
    StoryKind("triage", 6, ((0.7, 0.5, 40), (0.3, 100, 240))),
    StoryKind("returned", 2, ((1.0, 1, 60),), complaints_only=True),
    StoryKind("assigned", 10, ((0.6, 0.3, 30), (0.4, 120, 480))),
    StoryKind("in_progress", 13, ((0.7, 2, 200), (0.3, 250, 700))),
    StoryKind("needs_info", 5, ((1.0, 2, 300),), complaints_only=True),
    StoryKind("resolved", 9, ((1.0, 1, 220),)),
    StoryKind("closed_rated", 22),
    StoryKind("closed_auto", 12),
    StoryKind("reopened", 3, ((1.0, 1, 150),), complaints_only=True),
    StoryKind("reopened_closed", 3, complaints_only=True),
    StoryKind("rejected", 5),
    StoryKind("merged", 4, complaints_only=True),
    StoryKind("reassigned", 6, complaints_only=True),
)


def story_quota(total: int) -> list[str]:
    """Story names for `total` complaints: every story at least once (when total allows), in proportion."""
    weights = sum(story.weight for story in STORIES)
    counts = {story.name: max(1, round(total * story.weight / weights)) for story in STORIES}
    # Absorb rounding in the largest story, so the total is exact.
    counts["closed_rated"] += total - sum(counts.values())
    if counts["closed_rated"] < 1:  # very small totals: drop stories from the end
        names = [story.name for story in STORIES]
        return names[:total]
    return [name for story in STORIES for name in [story.name] * counts[story.name]]


# --- what the citizen submits ------------------------------------------------------------------------


@dataclass
class Draft:
    text: str
    kind: str = Kind.PENGADUAN
    title: str = ""
    category: Category | None = None
    topic: texts.Topic | None = None
    place: Place | None = None
    pinned: bool = False
    address: str = ""
    privacy: str = Privacy.PUBLIC
    channel: str = Channel.WEB
    reporter: User | None = None
    assisted_by: User | None = None
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    extra: dict = field(default_factory=dict)
    photos: list[CleanImage] = field(default_factory=list)
    # Where a verifier sends it when it reaches the triage queue (or after "not our remit").
    assign_category: Category | None = None
    reject_reason: str = ""
    return_reason: str = ""


@dataclass
class Plan:
    index: int
    story: str
    draft: Draft
    rng: random.Random
    steps: list["Step"] = field(default_factory=list)
    complaint: Complaint | None = None

    @property
    def submitted_at(self) -> dt.datetime:
        return self.steps[0].at


@dataclass
class Step:
    at: dt.datetime
    run: Callable[["Plan"], None]


def _weighted(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


class Drafter:
    """Writes what each demo citizen submits."""

    def __init__(self, *, cast: Cast, categories: dict[str, Category], gazetteer: Gazetteer, photos: bool) -> None:
        self.cast = cast
        self.categories = categories
        self.gazetteer = gazetteer
        self.photos = photos

    def _topic(self, rng: random.Random, *, complaints_only: bool) -> texts.Topic:
        weights = {}
        for topic in texts.TOPICS:
            if complaints_only and topic.kind != Kind.PENGADUAN:
                continue
            weight = CATEGORY_WEIGHTS.get(topic.category or "", 1)
            weights[topic] = weight if topic.kind == Kind.PENGADUAN else weight * 0.25
        return _weighted(rng, weights)  # type: ignore[return-value]

    def _identity(self, draft: Draft, rng: random.Random, *, sensitive: bool) -> None:
        roll = rng.random()
        if sensitive:
            draft.privacy = (
                Privacy.CONFIDENTIAL if roll < 0.35 else Privacy.ANONYMOUS if roll < 0.55 else Privacy.PUBLIC
            )
        else:
            draft.privacy = (
                Privacy.ANONYMOUS if roll < 0.12 else Privacy.CONFIDENTIAL if roll < 0.16 else Privacy.PUBLIC
            )
        channel = draft.channel
        if channel == Channel.ASSISTED:
            draft.assisted_by = self.cast.kim
            draft.reporter_name = texts.person_name(rng)
            draft.reporter_phone = texts.fake_phone(rng) if rng.random() < 0.6 else ""
        elif channel in (Channel.WEB, Channel.APP) and rng.random() < 0.25:
            citizen = self.cast.citizen
            draft.reporter = citizen
            draft.reporter_name = citizen.get_full_name()
            draft.reporter_email = citizen.email
        elif channel in (Channel.SMS, Channel.WHATSAPP):
            draft.reporter_phone = texts.fake_phone(rng)
            draft.reporter_name = texts.person_name(rng) if rng.random() < 0.5 else ""
        elif channel == Channel.EMAIL:
            draft.reporter_name = texts.person_name(rng)
            draft.reporter_email = f"{draft.reporter_name.split()[0].lower()}{rng.randint(1, 99)}@mail.example"
        elif channel == Channel.STAFF:
            draft.reporter_name = texts.person_name(rng)
            draft.reporter_phone = texts.fake_phone(rng)
        elif rng.random() < 0.7:
            draft.reporter_name = texts.person_name(rng)
            if rng.random() < 0.4:
                draft.reporter_phone = texts.fake_phone(rng)
            if rng.random() < 0.12:
                draft.reporter_email = f"{draft.reporter_name.split()[0].lower()}{rng.randint(1, 99)}@mail.example"

    def _locate(self, draft: Draft, rng: random.Random, *, template: str, wanted: bool) -> texts.Slots:
        mentions_place = any(slot in template for slot in ("{spot}", "{street}", "{kelurahan}"))
        if mentions_place or (wanted and rng.random() < 0.5):
            draft.place = self.gazetteer.place(rng)
            draft.pinned = draft.channel in MAP_CHANNELS and rng.random() < 0.85
            if draft.pinned or rng.random() < 0.6:
                draft.address = draft.place.address
            return texts.make_slots(
                rng, spot=draft.place.spot, street=draft.place.street, kelurahan=draft.place.kelurahan.name
            )
        return texts.make_slots(rng)

    def _extra(self, draft: Draft, rng: random.Random, slots: texts.Slots) -> None:
        code = draft.category.code if draft.category else ""
        text = draft.text.lower()
        if code == "jalan-rusak" and rng.random() < 0.6:
            draft.extra["ukuran_lubang"] = rng.choice(("kecil", "sedang", "besar"))
        elif code == "pju" and rng.random() < 0.4:
            draft.extra["nomor_tiang"] = f"PJU-{rng.randint(100, 999)}"
        elif code == "parkir" and "rp" in text and rng.random() < 0.6:
            draft.extra["tarif_diminta"] = int(slots.values["tarif"].replace(".", ""))
        elif code == "air-pdam" and rng.random() < 0.4:
            draft.extra["nomor_pelanggan"] = slots.values["nomor"]
        elif code == "pajak-daerah" and rng.random() < 0.4:
            draft.extra["nop"] = f"35.73.0{rng.randint(1, 5)}0.00{rng.randint(1, 9)}.{slots.values['nomor']}.0"
        elif code == "adminduk" and rng.random() < 0.7:
            for word, key in (
                ("ktp", "ktp-el"),
                ("kk", "kk"),
                ("akta", "akta-lahir"),
                ("kia", "kia"),
                ("pindah", "pindah"),
            ):
                if word in text:
                    draft.extra["jenis_dokumen"] = key
                    break

    def _maybe_photos(self, draft: Draft, rng: random.Random) -> None:
        code = draft.category.code if draft.category else ""
        if self.photos and code in PHOTO_CATEGORIES and draft.place is not None and rng.random() < 0.25:
            count = 2 if rng.random() < 0.2 else 1
            draft.photos = [demo_photo(code, rng, name=f"IMG_{rng.randint(1000, 9999)}.jpg") for _ in range(count)]

    def _common(self, rng: random.Random) -> Draft:
        return Draft(text="", channel=_weighted(rng, CHANNEL_WEIGHTS))  # type: ignore[arg-type]

    def draft(self, story: str, rng: random.Random, *, complaints_only: bool) -> Draft:
        if story == "triage" and rng.random() < 0.6:
            return self.triage_draft(rng)
        if story == "rejected":
            return self.reject_draft(rng)
        if story in ("returned", "reassigned"):
            return self.return_draft(rng)
        draft = self._common(rng)
        topic = self._topic(rng, complaints_only=complaints_only)
        problem = rng.randrange(len(topic.problems))
        template = topic.problems[problem]
        slots = self._locate(draft, rng, template=template, wanted=topic.needs_place)
        draft.topic = topic
        draft.kind = topic.kind
        draft.text = texts.compose(template, topic=topic, slots=slots, rng=rng)
        if topic.titles and rng.random() < 0.35:
            draft.title = slots.fill(topic.titles[problem])
        category = self.categories.get(topic.category or "")
        # Some citizens pick "I don't know": the verifiers then choose the category (or it is for the kecamatan
        # office but has no location, which also needs a verifier).
        if story == "triage" or rng.random() < 0.12:
            draft.category, draft.assign_category = None, category
        else:
            draft.category = draft.assign_category = category
        self._identity(draft, rng, sensitive=topic.sensitive)
        self._extra(draft, rng, slots)
        self._maybe_photos(draft, rng)
        return draft

    def triage_draft(self, rng: random.Random) -> Draft:
        draft = self._common(rng)
        case = rng.choice(texts.TRIAGE_CASES)
        slots = self._locate(draft, rng, template=case.text, wanted=True)
        draft.text = texts.compose(case.text, topic=None, slots=slots, rng=rng)
        draft.category = self.categories["lainnya"] if rng.random() < 0.4 else None
        draft.assign_category = self.categories[case.category]
        self._identity(draft, rng, sensitive=False)
        return draft

    def reject_draft(self, rng: random.Random) -> Draft:
        draft = self._common(rng)
        case = rng.choice(texts.REJECT_CASES)
        draft.text = case.text
        draft.reject_reason = case.reason
        draft.category = self.categories["lainnya"] if rng.random() < 0.3 else None
        self._identity(draft, rng, sensitive=False)
        draft.privacy = Privacy.PUBLIC
        return draft

    def return_draft(self, rng: random.Random) -> Draft:
        draft = self._common(rng)
        case = rng.choice(texts.RETURN_CASES)
        slots = self._locate(draft, rng, template=case.text, wanted=True)
        draft.text = texts.compose(case.text, topic=None, slots=slots, rng=rng)
        draft.category = self.categories[case.category]
        draft.assign_category = self.categories[case.belongs_to]
        # The department that takes it over answers in its usual words and reports this case's outcome.
        usual = next(topic for topic in texts.TOPICS if topic.category == case.belongs_to)
        draft.topic = texts.Topic(
            case.belongs_to, problems=(case.text,), responses=usual.responses, resolutions=(case.resolution,)
        )
        draft.return_reason = case.reason
        self._identity(draft, rng, sensitive=False)
        return draft

    def duplicate_of(self, original: Draft, rng: random.Random) -> Draft:
        """A second report of the same problem at the same place, in other words."""
        draft = self._common(rng)
        topic = original.topic
        template = rng.choice(topic.problems) if topic else original.text
        if original.place is not None:
            draft.place = original.place
            draft.pinned = draft.channel in MAP_CHANNELS
            draft.address = original.place.address if draft.pinned else ""
            slots = texts.make_slots(
                rng, spot=original.place.spot, street=original.place.street, kelurahan=original.place.kelurahan.name
            )
        else:
            slots = texts.make_slots(rng)
        draft.topic = topic
        draft.kind = original.kind
        draft.text = texts.compose(template, topic=topic, slots=slots, rng=rng)
        draft.category = original.category
        draft.assign_category = original.assign_category
        self._identity(draft, rng, sensitive=False)
        return draft


# --- when things happen ------------------------------------------------------------------------------


def _at_start_of(day: dt.date, hour: int, minutes: int) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(hour)) + dt.timedelta(minutes=minutes, seconds=minutes * 7 % 60)
    return timezone.make_aware(moment, timezone.get_current_timezone())


def office_time(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """The moment, or a time in the next office hours (weekdays 08:00–16:00) if it falls outside them."""
    local = timezone.localtime(moment)
    if local.weekday() < 5 and 8 <= local.hour < 16:
        return local
    day = local.date()
    if local.hour >= 16 or local.weekday() >= 5:
        day += DAY
    while day.weekday() >= 5:
        day += DAY
    return _at_start_of(day, 8, rng.randint(0, 7 * 60))


def waking_time(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """The moment, or the next morning if citizens would be asleep (22:00–06:00)."""
    local = timezone.localtime(moment)
    if 6 <= local.hour < 22:
        return local
    day = local.date() + (DAY if local.hour >= 22 else dt.timedelta(0))
    return _at_start_of(day, 6, rng.randint(0, 240))


class Timeline:
    """Builds a plan's steps from its start time; the same seed gives the same delays and branches."""

    def __init__(self, start: dt.datetime, rng: random.Random) -> None:
        self.rng = rng
        self.moment = waking_time(start, rng)
        self.steps: list[Step] = [Step(self.moment, lambda plan: None)]  # placeholder for the submission

    def _add(self, moment: dt.datetime, run: Callable[[Plan], None]) -> None:
        moment = max(moment, self.moment + dt.timedelta(minutes=1))
        self.moment = moment
        self.steps.append(Step(moment, run))

    def staff(self, low: float, high: float, run: Callable[[Plan], None]) -> None:
        self._add(office_time(self.moment + self.rng.uniform(low, high) * HOUR, self.rng), run)

    def citizen(self, low: float, high: float, run: Callable[[Plan], None]) -> None:
        self._add(waking_time(self.moment + self.rng.uniform(low, high) * HOUR, self.rng), run)

    def system(self, after: dt.timedelta, run: Callable[[Plan], None]) -> None:
        self._add(self.moment + after, run)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability


# --- what each step does (always through complaints.actions) ------------------------------------------


class Director:
    """Runs the steps: picks who acts and what they write, and calls the action."""

    def __init__(self, *, cast: Cast, gazetteer: Gazetteer, photos: bool) -> None:
        self.cast = cast
        self.gazetteer = gazetteer
        self.photos = photos

    @staticmethod
    def _complaint(plan: Plan) -> Complaint:
        assert plan.complaint is not None
        return plan.complaint

    def _officer(self, plan: Plan) -> User:
        complaint = self._complaint(plan)
        assert complaint.department_id is not None
        head = self.cast.heads.get(complaint.department_id)
        if head is not None and plan.rng.random() < 0.25:
            return head
        return self.cast.officers[complaint.department_id]

    def _pick(self, plan: Plan, own: tuple[str, ...], fallback: tuple[str, ...]) -> str:
        return plan.rng.choice(own or fallback)

    def _topic(self, plan: Plan) -> texts.Topic | None:
        return plan.draft.topic

    def submit(self, plan: Plan) -> None:
        draft = plan.draft
        place = draft.place
        plan.complaint = actions.submit_complaint(
            text=draft.text,
            kind=draft.kind,
            title=draft.title,
            category=draft.category,
            latitude=place.latitude if place and draft.pinned else None,
            longitude=place.longitude if place and draft.pinned else None,
            address=draft.address,
            privacy=draft.privacy,
            channel=draft.channel,
            reporter=draft.reporter,
            assisted_by=draft.assisted_by,
            reporter_name=draft.reporter_name,
            reporter_phone=draft.reporter_phone,
            reporter_email=draft.reporter_email,
            photos=draft.photos,
            extra=draft.extra,
        )

    def _department_for(self, plan: Plan, category: Category) -> Department:
        if category.handled_by_kecamatan:
            place = plan.draft.place
            area = place.kelurahan if place else plan.rng.choice(self.gazetteer.kelurahan)
            office = kecamatan_office(area)
            assert office is not None
            return office
        assert category.default_department is not None
        return category.default_department

    def assign(self, plan: Plan) -> None:
        category = plan.draft.assign_category
        assert category is not None
        complaint = self._complaint(plan)
        department = self._department_for(plan, category)
        if complaint.status in (Status.RECEIVED, Status.TRIAGE):
            plan.complaint = actions.assign_complaint(
                complaint=complaint, actor=self.cast.admin, department=department, category=category
            )
        elif complaint.department_id != department.id:
            # The classifier routed it on arrival, to the wrong department: the verifier corrects it.
            plan.complaint = actions.reassign_complaint(
                complaint=complaint, actor=self.cast.admin, department=department, note=CORRECTION_NOTE
            )

    def reassign(self, plan: Plan) -> None:
        category = plan.draft.assign_category
        assert category is not None
        plan.complaint = actions.reassign_complaint(
            complaint=self._complaint(plan),
            actor=self.cast.admin,
            department=self._department_for(plan, category),
            note=CORRECTION_NOTE,
        )

    def give_back(self, plan: Plan) -> None:
        plan.complaint = actions.return_not_our_remit(
            complaint=self._complaint(plan), actor=self._officer(plan), reason=plan.draft.return_reason
        )

    def respond(self, plan: Plan) -> None:
        topic = self._topic(plan)
        message = self._pick(plan, topic.responses if topic else (), texts.GENERIC_RESPONSES)
        plan.complaint = actions.respond(complaint=self._complaint(plan), actor=self._officer(plan), message=message)

    def start(self, plan: Plan) -> None:
        plan.complaint = actions.start_progress(complaint=self._complaint(plan), actor=self._officer(plan))

    def progress(self, plan: Plan) -> None:
        topic = self._topic(plan)
        message = self._pick(plan, topic.progress if topic else (), texts.GENERIC_PROGRESS)
        plan.complaint = actions.respond(complaint=self._complaint(plan), actor=self._officer(plan), message=message)

    def ask(self, plan: Plan) -> None:
        topic = self._topic(plan)
        question = self._pick(plan, topic.questions if topic else (), texts.GENERIC_QUESTIONS)
        plan.complaint = actions.request_information(
            complaint=self._complaint(plan), actor=self._officer(plan), question=question
        )

    def reply(self, plan: Plan) -> None:
        topic = self._topic(plan)
        template = self._pick(plan, topic.replies if topic else (), texts.GENERIC_REPLIES)
        message = texts.make_slots(plan.rng).fill(template)
        plan.complaint = actions.citizen_reply(
            complaint=self._complaint(plan), message=message, actor=plan.draft.reporter
        )

    def resolve(self, plan: Plan) -> None:
        topic = self._topic(plan)
        message = self._pick(plan, topic.resolutions if topic else (), texts.GENERIC_RESOLUTIONS)
        photos = []
        code = plan.draft.assign_category.code if plan.draft.assign_category else ""
        if self.photos and code in PHOTO_CATEGORIES and plan.rng.random() < 0.4:
            photos = [demo_photo(code, plan.rng, fixed=True, name="bukti-penanganan.jpg")]
        plan.complaint = actions.resolve_complaint(
            complaint=self._complaint(plan), actor=self._officer(plan), message=message, photos=photos
        )

    def rate(self, plan: Plan, *, unhappy: bool = False) -> None:
        weights = {1: 3, 2: 4, 3: 4, 4: 3, 5: 2} if unhappy else {1: 3, 2: 5, 3: 12, 4: 32, 5: 48}
        rating = _weighted(plan.rng, weights)
        assert isinstance(rating, int)
        plan.complaint = actions.rate_complaint(
            complaint=self._complaint(plan),
            rating=rating,
            comment=plan.rng.choice(texts.RATING_COMMENTS[rating]),
            actor=plan.draft.reporter,
        )

    def auto_close(self, plan: Plan) -> None:
        plan.complaint = actions.auto_close(complaint=self._complaint(plan))

    def reopen(self, plan: Plan) -> None:
        plan.complaint = actions.reopen_complaint(
            complaint=self._complaint(plan), reason=plan.rng.choice(texts.REOPEN_REASONS), actor=plan.draft.reporter
        )

    def reject(self, plan: Plan) -> None:
        plan.complaint = actions.reject_complaint(
            complaint=self._complaint(plan), actor=self.cast.admin, reason=plan.draft.reject_reason
        )

    def note(self, plan: Plan) -> None:
        actions.add_note(complaint=self._complaint(plan), actor=self._officer(plan), note=plan.rng.choice(texts.NOTES))

    def instruct(self, plan: Plan) -> None:
        actions.add_instruction(
            complaint=self._complaint(plan), actor=self.cast.leader, instruction=plan.rng.choice(texts.INSTRUCTIONS)
        )

    def merge_into(self, target: Plan) -> Callable[[Plan], None]:
        def merge(plan: Plan) -> None:
            plan.complaint = actions.merge_complaint(
                complaint=self._complaint(plan),
                actor=self.cast.admin,
                into=self._complaint(target),
                note="Laporan ganda: lokasi dan masalah sama.",
            )

        return merge


# --- the stories -------------------------------------------------------------------------------------


def _routed(tl: Timeline, d: Director, plan: Plan) -> None:
    """After submission: reports without a usable category wait for a verifier first."""
    if plan.draft.category is None or plan.draft.category.code == "lainnya" or _needs_place(plan):
        tl.staff(1, 30, d.assign)


def _needs_place(plan: Plan) -> bool:
    category = plan.draft.category
    return bool(
        category and category.handled_by_kecamatan and not plan.draft.pinned and category.default_department is None
    )


def _handled(tl: Timeline, d: Director, plan: Plan, *, ask: float = 0.15) -> None:
    """The department answers, maybe asks for information, and resolves."""
    _routed(tl, d, plan)
    if plan.draft.kind == Kind.PERMINTAAN_INFORMASI:
        tl.staff(1, 50, d.resolve)  # a question is answered by the resolution itself
        return
    tl.staff(1, 60, d.respond if tl.chance(0.8) else d.start)
    if tl.chance(ask) and plan.draft.kind == Kind.PENGADUAN:
        tl.staff(1, 30, d.ask)
        tl.citizen(3, 80, d.reply)
    if tl.chance(0.4):
        tl.staff(12, 100, d.progress)
    if tl.chance(0.15):
        tl.staff(1, 24, d.note)
    tl.staff(12, 150, d.resolve)


def build_story(tl: Timeline, d: Director, plan: Plan) -> None:
    story = plan.story
    if story in ("triage", "rejected"):
        if story == "rejected":
            tl.staff(1, 30, d.reject)
        return
    if story == "returned":
        tl.staff(2, 50, d.give_back)
        return
    if story == "reassigned":
        if tl.chance(0.5):
            tl.staff(2, 50, d.give_back)
            tl.staff(1, 30, d.assign)
        else:
            tl.staff(2, 30, d.reassign)
        tl.staff(1, 60, d.respond)
        tl.staff(12, 150, d.resolve)
        if tl.chance(0.6):
            tl.citizen(6, 120, d.rate)
        else:
            tl.system(10 * DAY + tl.rng.uniform(0.2, 6) * HOUR, d.auto_close)
        return
    if story == "assigned":
        _routed(tl, d, plan)
        if tl.chance(0.3):
            tl.staff(48, 120, d.instruct)
        return
    if story == "in_progress":
        _routed(tl, d, plan)
        tl.staff(1, 60, d.respond if tl.chance(0.75) else d.start)
        if tl.chance(0.3):
            tl.staff(24, 96, d.progress)
        if tl.chance(0.2):
            tl.staff(1, 24, d.note)
        if tl.chance(0.15):
            tl.staff(48, 150, d.instruct)
        return
    if story == "needs_info":
        _routed(tl, d, plan)
        if tl.chance(0.5):
            tl.staff(1, 40, d.respond)
        tl.staff(1, 60, d.ask)
        return
    _handled(tl, d, plan, ask=0.25 if story == "closed_rated" else 0.15)
    if story == "resolved":
        return
    if story == "closed_rated":
        tl.citizen(4, 120, d.rate)
    elif story == "closed_auto":
        tl.system(10 * DAY + tl.rng.uniform(0.2, 6) * HOUR, d.auto_close)
        if tl.chance(0.3):
            tl.citizen(24, 200, d.rate)
    elif story in ("reopened", "reopened_closed"):
        tl.citizen(12, 140, d.reopen)
        if story == "reopened":
            if tl.chance(0.6):
                tl.staff(2, 48, d.progress)
            return
        tl.staff(2, 48, d.progress)
        tl.staff(24, 120, d.resolve)
        tl.citizen(4, 96, lambda plan: d.rate(plan, unhappy=True))


def _age_hours(kind: StoryKind, rng: random.Random, span_hours: float) -> float:
    if not kind.ages:
        return rng.uniform(1, max(2.0, span_hours))
    roll, cumulative = rng.random(), 0.0
    for share, low, high in kind.ages:
        cumulative += share
        if roll <= cumulative:
            return rng.uniform(low, min(high, max(low, span_hours)))
    return rng.uniform(kind.ages[-1][1], kind.ages[-1][2])


def schedule(plan: Plan, *, kind: StoryKind, director: Director, now: dt.datetime, seed: str) -> None:
    """Place the story in time: its last step `age` before now, its first no earlier than 90 days ago."""

    def build(start: dt.datetime) -> list[Step]:
        timeline = Timeline(start, random.Random(seed))  # noqa: S311 - demo data, not security
        build_story(timeline, director, plan)
        steps = timeline.steps
        steps[0] = Step(steps[0].at, director.submit)
        return steps

    probe = build(now - HISTORY)
    duration = probe[-1].at - probe[0].at
    span_hours = (HISTORY - duration).total_seconds() / 3600 - 24
    age = _age_hours(kind, random.Random(seed + "-age"), span_hours) * HOUR  # noqa: S311
    earliest = now - HISTORY
    start = now - age - duration
    for _attempt in range(12):
        start = max(start, earliest)
        steps = build(start)
        overshoot = steps[-1].at - (now - age)
        if steps[-1].at < now - dt.timedelta(minutes=5) and overshoot < 2 * HOUR:
            break
        start -= max(overshoot, HOUR)
    plan.steps = steps
    if plan.steps[-1].at >= now:
        raise RuntimeError(f"demo story {plan.story} #{plan.index} does not fit before now")


def schedule_duplicate(plan: Plan, *, target: Plan, director: Director, now: dt.datetime, seed: str) -> None:
    """A second report of the target's problem, filed soon after it, which a verifier merges into it."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    timeline = Timeline(target.submitted_at + rng.uniform(3, 60) * HOUR, rng)
    timeline.staff(1, 30, director.merge_into(target))
    plan.steps = [Step(timeline.steps[0].at, director.submit), *timeline.steps[1:]]
    if plan.steps[-1].at >= now:
        raise RuntimeError(f"demo duplicate #{plan.index} does not fit before now")


def run_all(plans: list[Plan], clock: SimulatedClock) -> None:
    """Every step of every plan, in time order, at its simulated time."""
    queue = sorted(
        ((step.at, plan.index, number, plan, step) for plan in plans for number, step in enumerate(plan.steps)),
        key=lambda item: item[:3],
    )
    for moment, _index, _number, plan, step in queue:
        clock.set(moment)
        step.run(plan)
