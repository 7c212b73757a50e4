from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sambat.notifications.choices import MessageLanguage, OutboxChannel, OutboxStatus
from sambat.notifications.kinds import BY_KEY, message_kind_choices
from sambat.notifications.rendering import check_template

# A message whose dedupe_key starts with this carries a secret (a one-time sign-in code): the admin hides its body.
HIDDEN_BODY_PREFIX = "hidden-body:"


class OutboxMessage(models.Model):
    """An outgoing message, written in the same transaction as the event that causes it.

    A worker delivers pending rows; a provider outage leaves them pending, never lost. `dedupe_key`
    makes queuing idempotent, so a retried action cannot send the same message twice.
    """

    channel = models.CharField(_("channel"), max_length=16, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbox_messages",
    )
    status = models.CharField(_("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

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


class MessageTemplate(models.Model):
    """An admin's wording for one kind of message in one language; when active it replaces the default in code.

    Subject and body are Django templates over the kind's fixed placeholders (see `kinds.py`); they are checked
    against sample values before they are saved, and a failure at send time falls back to the default text.
    """

    key = models.CharField(_("message"), max_length=40, choices=message_kind_choices)
    language = models.CharField(_("language"), max_length=8, choices=MessageLanguage.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("When off, the default text is sent instead of this one.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="message_template_unique_key_language"),
            models.CheckConstraint(
                condition=Q(language__in=MessageLanguage.values), name="message_template_language_valid"
            ),
        ]

    def __str__(self) -> str:
        kind = BY_KEY.get(self.key)
        return f"{kind.label if kind else self.key} ({self.language})"

    def clean(self) -> None:
        if self.key not in BY_KEY or not self.subject or not self.body:
            return  # the field checks report these
        check_template(self.key, subject=self.subject, body=self.body)
