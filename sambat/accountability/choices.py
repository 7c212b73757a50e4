from django.db import models
from django.utils.translation import gettext_lazy as _


class Deadline(models.TextChoices):
    """The clocks a complaint runs against (Perwal 19/2010: verify/route, respond in 3, resolve in 7 working days)."""

    VERIFY = "verify", _("Verification")
    RESPOND = "respond", _("First response")
    RESOLVE = "resolve", _("Resolution")


class LadderStep(models.TextChoices):
    """The escalation ladder, in order: a reminder before the deadline, then the overdue flag with a warning
    (teguran) to the department head at the deadline, then the leaders' queue N working days past it."""

    REMINDER = "reminder", _("Reminder")
    WARNING = "warning", _("Overdue: warning to the head")
    ESCALATED = "escalated", _("Escalated to the leaders")


class DepartmentEventKind(models.TextChoices):
    WARNING = "warning", _("Warning (teguran)")
    ESCALATION = "escalation", _("Escalation to the leaders")
    BLACK_VEST = "black_vest", _("On the black-vest list (rompi hitam)")
    HONOUR = "honour", _("On the honour list")
