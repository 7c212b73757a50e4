from django.db import models
from django.utils.translation import gettext_lazy as _

from sambat.complaints.models import Complaint


class Open311Client(models.Model):
    """An application allowed to file complaints through Open311 (POST requests) with its own API key.

    Only the key's SHA-256 hash is stored, with its first characters so staff can tell keys apart: the key itself
    is shown once, when it is made (`manage.py open311_key` or the admin), and cannot be recovered.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    channel_name = models.CharField(
        _("name shown on complaints"),
        max_length=120,
        blank=True,
        help_text=_("Shown to staff as the source of the client's complaints. Empty: the name."),
    )
    key_prefix = models.CharField(_("key starts with"), max_length=16, editable=False)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_channel_name(self) -> str:
        return self.channel_name or self.name


class Open311Submission(models.Model):
    """A service request received through POST requests: the client that sent it, the complaint it became, and
    the token the client may exchange for the service_request_id (GET tokens/{token})."""

    client = models.ForeignKey(
        Open311Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="submissions"
    )
    complaint = models.OneToOneField(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="open311_submission"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    # The client's own identifiers of the device and the citizen's account: kept for staff, never published.
    device_id = models.CharField(_("device ID"), max_length=200, blank=True)
    account_id = models.CharField(_("account ID"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client} → {self.complaint}"
