from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sambat.agencies.models import Area, Category, Department
from sambat.complaints.choices import ActorKind, Channel, EventType, Kind, Privacy, RoutingSource, Status


class Complaint(models.Model):
    """A citizen's complaint, question, idea or tip, from any channel.

    Status, department and due dates change only through `complaints.actions`, which also writes the
    ComplaintEvent that explains each change.
    """

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    # Private key for the citizen's own link: lets a submitter without an account reply, rate and reopen.
    citizen_key = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.PENGADUAN)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    kecamatan = models.ForeignKey(
        Area,
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kecamatan_complaints",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    privacy = models.CharField(_("privacy"), max_length=16, choices=Privacy.choices, default=Privacy.PUBLIC)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    # Which client of the channel sent it (an Open311 client's name, an app's name), so staff see the source.
    channel_name = models.CharField(_("sent through"), max_length=120, blank=True)
    extra = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    # Identifies the submission at its source (form token, channel message id, API Idempotency-Key), so a
    # resubmitted form or a redelivered message never makes a second complaint.
    intake_key = models.CharField(_("intake key"), max_length=200, unique=True, null=True, blank=True, editable=False)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_complaints",
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by assistant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_complaints",
    )
    reporter_name = models.CharField(_("name"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=32, blank=True)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    # The language the report was written in on the site, the app or Open311: its citizen's messages use it.
    language = models.CharField(_("language"), max_length=8, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    triage_reason = models.CharField(_("reason for verification"), max_length=300, blank=True)
    routing_source = models.CharField(_("routed by"), max_length=16, choices=RoutingSource.choices, blank=True)
    routing_confidence = models.FloatField(_("routing confidence"), null=True, blank=True)
    routing_suggestions = models.JSONField(_("routing suggestions"), default=list, blank=True)
    routing_rule = models.ForeignKey(
        "routing.RoutingRule",
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="routed_complaints",
    )
    # How the system routed it on arrival ("" = to the verifiers), kept when staff later move it: the
    # routing accuracy figures compare this first decision with what staff did afterwards.
    auto_routing_source = models.CharField(
        _("routed on arrival by"), max_length=16, choices=RoutingSource.choices, blank=True
    )
    routing_corrected_at = models.DateTimeField(_("automatic routing corrected at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Deadlines, computed in working days by actions only (DESIGN §2); the clock pauses in needs_info.
    verify_due_at = models.DateTimeField(_("verification due"), null=True, blank=True)
    respond_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    resolve_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["department", "status", "resolve_due_at"], name="complaint_inbox_idx"),
            # The inbox's default view (open complaints, nearest deadline first) reads its first page straight
            # from these, however large the department's history or backlog grows.
            models.Index(
                fields=["department", "resolve_due_at", "created_at"],
                condition=Q(status__in=["assigned", "in_progress", "needs_info"]),
                name="complaint_dept_open_due_idx",
            ),
            models.Index(
                fields=["resolve_due_at", "created_at"],
                condition=Q(status__in=["received", "triage", "assigned", "in_progress", "needs_info"]),
                name="complaint_open_due_idx",
            ),
            models.Index(fields=["status", "created_at"], name="complaint_status_created_idx"),
            models.Index(fields=["privacy", "status", "created_at"], name="complaint_board_idx"),
            # A category's newest complaints in (created_at, id) order (Open311 requests by service_code, the board
            # by category): read backwards until the page is full instead of sorting the category's 90 days.
            models.Index(fields=["category", "created_at", "id"], name="complaint_category_created_idx"),
            # The SLA sweep reads only complaints whose clock is running, nearest deadline first.
            models.Index(
                fields=["respond_due_at"],
                condition=Q(status__in=["assigned", "in_progress"], first_response_at__isnull=True),
                name="complaint_respond_due_idx",
            ),
            models.Index(
                fields=["verify_due_at"],
                condition=Q(status__in=["received", "triage"]),
                name="complaint_verify_due_idx",
            ),
            models.Index(fields=["resolved_at"], condition=Q(status="resolved"), name="complaint_resolved_idx"),
            # Routing accuracy over the last 30/90 days reads these three columns only.
            models.Index(
                fields=["created_at", "auto_routing_source", "routing_corrected_at"], name="complaint_routing_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="complaint_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="complaint_kind_valid"),
            models.CheckConstraint(condition=Q(privacy__in=Privacy.values), name="complaint_privacy_valid"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="complaint_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="complaint_lat_lon_together",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=Status.MERGED),
                name="complaint_merged_into_only_when_merged",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.RESOLVED])
                | Q(department__isnull=False),
                name="complaint_department_when_with_department",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("portal:track", args=[self.tracking_code])

    @property
    def headline(self) -> str:
        """Title or the start of the text, for lists."""
        if self.title:
            return self.title
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line[:90] + ("…" if len(first_line) > 90 else "")

    @property
    def status_colour(self) -> str:
        return Status(self.status).colour


class ComplaintEventQuerySet(models.QuerySet["ComplaintEvent"]):
    """Events are append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs: object) -> int:
        raise TypeError("ComplaintEvent is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("ComplaintEvent is append-only")


class ComplaintEvent(models.Model):
    """One change in a complaint's life: the audit log and, filtered by `is_public`, the public timeline.

    Rows are never updated or deleted; a correction is a new event.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    event_type = models.CharField(_("event"), max_length=24, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Who acted, as shown to the public (with `department`); never a staff member's name.
    actor_kind = models.CharField(_("acted as"), max_length=16, choices=ActorKind.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices, blank=True)
    public_message = models.TextField(_("public message"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    is_public = models.BooleanField(_("on the public timeline"), default=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "created_at"], name="event_complaint_time_idx"),
            # "Latest instructions", "updates since" feeds: newest events of one type.
            models.Index(fields=["event_type", "created_at"], name="event_type_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(event_type__in=EventType.values), name="event_type_valid"),
            models.CheckConstraint(condition=Q(actor_kind__in=ActorKind.values), name="event_actor_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.event_type} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Guard of the append-only invariant, not business logic: an existing event is never rewritten.
        if self.pk is not None and not self._state.adding:
            raise TypeError("ComplaintEvent is append-only")
        # Always an INSERT: a new instance given an existing id must fail, not overwrite that event.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("ComplaintEvent is append-only")


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"complaints/{instance.created_at:%Y/%m}/{instance.sha256[:2]}/{filename}"


class Supporter(models.Model):
    """A citizen who supports ("+1") and follows a public complaint: counted publicly, told of its progress."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="supporters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="supported"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="one_support_per_citizen")]

    def __str__(self) -> str:
        return f"{self.user} → {self.complaint}"


class Attachment(models.Model):
    """A verified, re-encoded image (EXIF removed) with its thumbnail, attached to a complaint event."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        ComplaintEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="attachments"
    )
    created_at = models.DateTimeField(_("time"))
    image = models.ImageField(_("image"), upload_to=attachment_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=attachment_path)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    # Proof photos of the department and citizens' photos on public complaints may be shown publicly.
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.image.name or ""
