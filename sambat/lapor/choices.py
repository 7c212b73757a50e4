from django.db import models
from django.utils.translation import gettext_lazy as _


class PushKind(models.TextChoices):
    """What one outbox row asks SP4N-LAPOR! to record."""

    REPORT = "report", _("New report (laporan)")
    FOLLOW_UP = "follow_up", _("Follow-up (tindak lanjut)")
    STATUS = "status", _("Status change")


class PushStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused by SP4N-LAPOR!")


class LinkOrigin(models.TextChoices):
    """Which side the report started on."""

    SAMBAT = "sambat", _("Forwarded from Sambat")
    LAPOR = "lapor", _("Disposed to the city by SP4N-LAPOR!")


class InboundState(models.TextChoices):
    """What became of one item pulled from SP4N-LAPOR!."""

    NEW = "new", _("Not yet processed")
    APPLIED = "applied", _("Recorded on the complaint")
    IGNORED = "ignored", _("Nothing to do")
    UNMATCHED = "unmatched", _("Waiting: report not yet linked")
    FAILED = "failed", _("Could not be processed")
