from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.lapor.choices import InboundState, LinkOrigin, PushKind, PushStatus

# Outbox rows a worker may still send; the partial indexes below cover exactly these.
OPEN_PUSH_STATUSES = (PushStatus.PENDING, PushStatus.SENDING)


class LaporLink(models.Model):
    """A complaint's report (laporan) in SP4N-LAPOR!.

    Made when a verifier forwards the complaint (the LAPOR! id is filled in once LAPOR! acknowledges the report) or
    when LAPOR! disposes a report to the city. While a link exists, the complaint's public events are queued for
    LAPOR! and LAPOR!'s updates on the report are recorded on the complaint.
    """

    complaint = models.OneToOneField(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="lapor_link"
    )
    origin = models.CharField(_("origin"), max_length=16, choices=LinkOrigin.choices)
    report_id = models.CharField(_("SP4N-LAPOR! report id"), max_length=64, blank=True)
    tracking_number = models.CharField(_("SP4N-LAPOR! tracking number"), max_length=64, blank=True)
    # The status LAPOR! last reported for the report, in LAPOR!'s vocabulary (see docs/lapor.md).
    lapor_status = models.CharField(_("status in SP4N-LAPOR!"), max_length=32, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forwarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged by SP4N-LAPOR! at"), null=True, blank=True)
    last_pushed_at = models.DateTimeField(_("last sent to SP4N-LAPOR! at"), null=True, blank=True)
    last_pulled_at = models.DateTimeField(_("last update from SP4N-LAPOR! at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! link")
        verbose_name_plural = _("SP4N-LAPOR! links")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(origin__in=LinkOrigin.values), name="lapor_link_origin_valid"),
            # One LAPOR! report is one complaint; an empty id means "sent, not yet acknowledged".
            models.UniqueConstraint(
                fields=["report_id"], condition=~Q(report_id=""), name="lapor_link_unique_report_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} ↔ {self.report_id or '…'}"

    @property
    def acknowledged(self) -> bool:
        return bool(self.report_id)


class LaporOutbox(models.Model):
    """One thing to tell SP4N-LAPOR!, written in the same transaction as the event that causes it.

    The payload is frozen when the row is queued, so a retry sends exactly what was decided then. The idempotency
    key travels as the `Idempotency-Key` header: LAPOR! answers a retried push with its first answer instead of
    recording it twice. Rows of one complaint are sent in id order, follow-ups only after the report was
    acknowledged (see `lapor.sync`).
    """

    kind = models.CharField(_("kind"), max_length=16, choices=PushKind.choices)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="lapor_outbox"
    )
    event = models.ForeignKey(
        ComplaintEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payload = models.JSONField(_("payload"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=PushStatus.choices, default=PushStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    # The id LAPOR! gave what this row created (the report, or the follow-up).
    response_id = models.CharField(_("SP4N-LAPOR! id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! outbox row")
        verbose_name_plural = _("SP4N-LAPOR! outbox")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(status__in=OPEN_PUSH_STATUSES), name="lapor_outbox_due_idx"
            ),
            # "Is an earlier row of this complaint still unsent?" — asked for every candidate row.
            models.Index(
                fields=["complaint", "id"], condition=Q(status__in=OPEN_PUSH_STATUSES), name="lapor_outbox_open_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PushKind.values), name="lapor_outbox_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PushStatus.values), name="lapor_outbox_status_valid"),
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(kind=PushKind.REPORT), name="lapor_outbox_one_report_per_complaint"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.idempotency_key}"


class LaporInbound(models.Model):
    """One item pulled from SP4N-LAPOR!'s update feed, stored raw before it is processed.

    LAPOR!'s id of the item is unique here: a feed that delivers the same disposition or follow-up twice changes
    nothing the second time (`times_received` counts the repeats).
    """

    lapor_id = models.CharField(_("SP4N-LAPOR! update id"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    report_id = models.CharField(_("SP4N-LAPOR! report id"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=16, choices=InboundState.choices, default=InboundState.NEW)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        ComplaintEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    times_received = models.PositiveIntegerField(_("times received"), default=1)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! update")
        verbose_name_plural = _("SP4N-LAPOR! updates")
        ordering = ["id"]
        indexes = [
            # Updates that arrived before their report was linked are retried once it is.
            models.Index(
                fields=["report_id"], condition=Q(state=InboundState.UNMATCHED), name="lapor_inbound_wait_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=InboundState.values), name="lapor_inbound_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.lapor_id}"


class LaporCursor(models.Model):
    """Where the last pull from SP4N-LAPOR!'s update feed ended (a single row, id 1)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    value = models.CharField(_("cursor"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SP4N-LAPOR! pull cursor")
        verbose_name_plural = _("SP4N-LAPOR! pull cursor")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="lapor_cursor_single_row")]

    def __str__(self) -> str:
        return self.value or "—"
