from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sambat.notifications.choices import OutboxChannel, OutboxStatus


class OutboxMessage(models.Model):
    """An outgoing message, written in the same transaction as the event that causes it.

    A worker delivers pending rows; a provider outage leaves them pending, never lost. `dedupe_key`
    makes queuing idempotent, so a retried action cannot send the same message twice.
    """

    channel = models.CharField(_("channel"), max_length=16, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    dedupe_key = models.CharField(max_length=200, unique=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    status = models.CharField(_("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_pending_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
        ]

    def __str__(self) -> str:
        # No recipient: the name is shown in admin titles, and a citizen's address may belong to an anonymous report.
        return f"{self.channel}: {self.subject or self.body[:40]}"
