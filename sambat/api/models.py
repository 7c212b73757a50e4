from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sambat.notifications.choices import OutboxChannel


class ApiToken(models.Model):
    """A bearer token of one app installation. Only the SHA-256 of the secret is stored; it is shown once.

    Revoking keeps the row, so an administrator can see which device held access and until when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("device name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so a user or an administrator can tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OneTimeCode(models.Model):
    """A sign-in code sent to an e-mail address or phone number. Stored hashed; it expires, counts the tries,
    and works once."""

    channel = models.CharField(_("sent by"), max_length=16, choices=OutboxChannel.choices)
    # The normalised address: a lower-case e-mail address or the phone number's digits with its leading "+".
    address = models.CharField(_("address"), max_length=254)
    code_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time sign-in code")
        verbose_name_plural = _("one-time sign-in codes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["address", "created_at"], name="api_otp_address_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=OutboxChannel.values), name="api_otp_channel_valid"),
        ]

    def __str__(self) -> str:
        # No address: it is personal data and this name appears in admin titles and logs.
        return f"{self.channel} code {self.pk}"


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST sent with an Idempotency-Key, replayed for retries with the same key.

    `scope` keeps clients apart: the signed-in user, or the client's address for anonymous requests. A row
    without `status` is a request still being processed (or abandoned by a crash; it is taken over when stale).
    """

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_scope_key_unique")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
