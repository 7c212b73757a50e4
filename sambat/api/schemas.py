"""What the API accepts and returns. Limits are those of the web forms, imported rather than repeated."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import model_validator

from sambat.api.pagination import PageParams
from sambat.portal.forms import MAX_REPLY_LENGTH, MIN_TEXT_LENGTH
from sambat.portal.forms import MAX_TEXT_LENGTH as MAX_REPORT_LENGTH
from sambat.staff.forms import MAX_MESSAGE_LENGTH

# The values of complaints.choices.Kind and Privacy (a test keeps them in step).
KindValue = Literal["pengaduan", "aspirasi", "permintaan_informasi", "informasi"]
PrivacyValue = Literal["public", "anonymous", "confidential"]


# --- signing in ---------------------------------------------------------------------------------------------


class ContactIn(Schema):
    """Exactly one of `email` and `phone`: where the one-time code goes (and which account it opens)."""

    email: str | None = Field(None, max_length=254, examples=["warga@example.org"])
    phone: str | None = Field(None, max_length=32, examples=["081234567890"])

    @model_validator(mode="after")
    def _one_contact(self) -> "ContactIn":
        if bool(self.email) == bool(self.phone):
            raise ValueError("Give either an e-mail address or a phone number.")
        return self


class CodeRequestIn(ContactIn):
    pass


class CodeSignInIn(ContactIn):
    code: str = Field(..., min_length=4, max_length=12, description="The one-time code that was sent.")
    device_name: str = Field("", max_length=100, description="Shown in the account's token list, e.g. 'Android 14'.")


class PasswordSignInIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=1024)
    device_name: str = Field("", max_length=100)


class AcceptedOut(Schema):
    detail: str


class UserOut(Schema):
    id: int
    role: str
    name: str
    email: str
    phone: str


class TokenOut(Schema):
    token: str = Field(..., description="Send as `Authorization: Bearer <token>`. Shown only once.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme's name, not a secret
    user: UserOut


# --- shared pieces ------------------------------------------------------------------------------------------


class NamedOut(Schema):
    code: str
    name: str


class PhotoOut(Schema):
    id: int
    url: str
    thumbnail_url: str


class LocationOut(Schema):
    latitude: float
    longitude: float


class AnswerOut(Schema):
    question: str
    answer: str


class DeadlineOut(Schema):
    label: str
    due_at: dt.datetime | None
    paused: bool


class ActionDoneOut(Schema):
    code: str
    status: str
    status_label: str


# --- complaints as citizens and the public see them ------------------------------------------------------------


class ComplaintIn(Schema):
    """A new report, as on the web form. `category` is a code from GET /categories (omit it if unsure)."""

    kind: KindValue = "pengaduan"
    title: str = Field("", max_length=200)
    text: str = Field(..., min_length=MIN_TEXT_LENGTH, max_length=MAX_REPORT_LENGTH)
    category: str | None = Field(None, max_length=64)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    address: str = Field("", max_length=300)
    privacy: PrivacyValue = "public"
    reporter_name: str = Field("", max_length=120)
    reporter_phone: str = Field("", max_length=32)
    reporter_email: str = Field("", max_length=254)
    extra: dict[str, str | float | list[str]] = Field(
        default_factory=dict,
        description="Answers to the category's extra questions, by question code (several choices: a list).",
    )


class ReplyIn(Schema):
    message: str = Field(..., min_length=1, max_length=MAX_REPLY_LENGTH)


class RateIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)


class ReopenIn(Schema):
    reason: str = Field(..., min_length=1, max_length=MAX_REPLY_LENGTH)


class ComplaintSummaryOut(Schema):
    code: str
    kind: str
    kind_label: str
    headline: str
    status: str
    status_label: str
    privacy: str
    category: NamedOut | None
    department: NamedOut | None
    kecamatan: NamedOut | None
    kelurahan: NamedOut | None
    location: LocationOut | None
    photos: list[PhotoOut]
    supporters: int
    created_at: dt.datetime
    updated_at: dt.datetime


class TimelineEntryOut(Schema):
    type: str
    type_label: str
    at: dt.datetime
    actor: str
    status: str
    message: str
    rating: int | None
    photos: list[PhotoOut]


class ComplaintOut(Schema):
    """A complaint as its tracking page shows it: to its citizen in full, to others without identity."""

    code: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    privacy: str
    headline: str = Field(..., description="Empty when the content is confidential.")
    text: str | None = Field(..., description="Null when the content is confidential; numbers masked.")
    address: str | None
    answers: list[AnswerOut]
    category: NamedOut | None
    department: NamedOut | None
    kecamatan: NamedOut | None
    kelurahan: NamedOut | None
    location: LocationOut | None
    created_at: dt.datetime
    deadline: DeadlineOut | None
    overdue: bool
    rating: int | None
    merged_into: str | None
    supporters: int
    timeline: list[TimelineEntryOut]
    yours: bool = Field(..., description="The requester is this complaint's citizen.")
    you_may: list[str] = Field(
        ..., description="What the requester may do now: reply, rate, reopen, add_photos, support, withdraw_support."
    )
    open_question: str = Field(..., description="The department's question awaiting the citizen's reply.")


class SubmittedOut(Schema):
    complaint: ComplaintOut
    tracking_url: str
    citizen_key: str | None = Field(
        ...,
        description="Only for reports sent without a token: keep it private and send it as X-Citizen-Key to "
        "reply, rate, reopen or add photos.",
    )


class SupportOut(Schema):
    supported: bool
    supporters: int


# The statuses a board report can have (complaints.queries.BOARD_STATUSES); "" for all of them.
BoardStatusValue = Literal["", "assigned", "in_progress", "needs_info", "resolved", "closed"]


class BoardQuery(PageParams):
    category: str = Field("", max_length=64)
    kecamatan: str = Field("", max_length=32)
    kelurahan: str = Field("", max_length=32)
    status: BoardStatusValue = Field("", description="Only reports in this status; empty for all.")
    q: str = Field("", max_length=100)


# --- reference data -----------------------------------------------------------------------------------------


class ChoiceOut(Schema):
    key: str
    name: str


class QuestionOut(Schema):
    code: str
    label: str
    datatype: str
    required: bool
    values: list[ChoiceOut]


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    description: str
    group: str
    department: NamedOut | None
    questions: list[QuestionOut]


class KecamatanOut(Schema):
    code: str
    name: str
    kelurahan: list[NamedOut]


class DepartmentFiguresOut(Schema):
    name: str
    received: int
    on_time_percent: float | None
    response_hours_median: float | None
    rating_average: float | None
    ratings: int


class StatisticsWindowOut(Schema):
    key: str = Field(..., description="'recent': the last 90 days; 'period': the current two-monthly evaluation.")
    start: dt.date
    end: dt.date
    departments: list[DepartmentFiguresOut]


class StatisticsOut(Schema):
    windows: list[StatisticsWindowOut]


# --- staff --------------------------------------------------------------------------------------------------


class InboxQuery(PageParams):
    status: str = Field("open", max_length=16, description="'open', 'all' or one status.")
    overdue: bool = False
    category: str = Field("", max_length=64)
    kecamatan: str = Field("", max_length=32)
    department: int | None = Field(None, ge=1, le=2**31 - 1)
    q: str = Field("", max_length=200)
    sort: Literal["due", "newest"] = "due"


class StaffListItemOut(Schema):
    id: int
    code: str
    headline: str
    kind: str
    status: str
    status_label: str
    privacy: str
    category: NamedOut | None
    department: NamedOut | None
    kecamatan: NamedOut | None
    created_at: dt.datetime
    verify_due_at: dt.datetime | None
    respond_due_at: dt.datetime | None
    resolve_due_at: dt.datetime | None
    overdue: bool


class ReporterOut(Schema):
    name: str
    phone: str
    email: str
    account: str | None


class StaffEventOut(Schema):
    id: int
    type: str
    type_label: str
    at: dt.datetime
    actor: str
    department: str | None
    from_status: str
    to_status: str
    message: str
    internal_note: str
    is_public: bool
    photos: list[PhotoOut]


class StaffComplaintOut(Schema):
    id: int
    code: str
    kind: str
    status: str
    status_label: str
    privacy: str
    channel: str
    title: str
    text: str
    address: str
    answers: list[AnswerOut]
    category: NamedOut | None
    department: NamedOut | None
    kecamatan: NamedOut | None
    kelurahan: NamedOut | None
    location: LocationOut | None
    triage_reason: str
    created_at: dt.datetime
    verify_due_at: dt.datetime | None
    respond_due_at: dt.datetime | None
    resolve_due_at: dt.datetime | None
    overdue: bool
    rating: int | None
    supporters: int
    reporter: ReporterOut | None = Field(..., description="Null when this user may not see who reported it.")
    permitted_actions: list[str]
    events: list[StaffEventOut]


class MessageIn(Schema):
    message: str = Field(..., min_length=1, max_length=MAX_MESSAGE_LENGTH)


class OptionalMessageIn(Schema):
    message: str = Field("", max_length=MAX_MESSAGE_LENGTH)


class QuestionIn(Schema):
    question: str = Field(..., min_length=1, max_length=MAX_MESSAGE_LENGTH)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=MAX_MESSAGE_LENGTH)


class NoteIn(Schema):
    note: str = Field(..., min_length=1, max_length=MAX_MESSAGE_LENGTH)
