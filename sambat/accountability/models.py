"""What the accountability ladder has done: one row per step per complaint deadline, and per department."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sambat.accountability.choices import Deadline, DepartmentEventKind, LadderStep


class SlaNotice(models.Model):
    """One ladder step taken for one deadline of one complaint.

    The unique constraint is the claim: two sweeps running at once both try to insert the row and only one
    succeeds, so a reminder or warning is never sent twice. `due_at` is part of the key because a deadline that
    moves (reassignment, a pause while the citizen answers) is a new deadline with its own ladder.
    """

    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="sla_notices"
    )
    deadline = models.CharField(_("deadline"), max_length=16, choices=Deadline.choices)
    step = models.CharField(_("step"), max_length=16, choices=LadderStep.choices)
    due_at = models.DateTimeField(_("due at"))
    department = models.ForeignKey(
        "agencies.Department", verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SLA notice")
        verbose_name_plural = _("SLA notices")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "deadline", "step", "due_at"], name="sla_notice_once"),
        ]
        indexes = [models.Index(fields=["step", "created_at"], name="sla_notice_step_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.deadline} {self.step} {self.due_at:%Y-%m-%d}"


class DepartmentEvent(models.Model):
    """Something the accountability process did to or said about a department (append-only)."""

    department = models.ForeignKey(
        "agencies.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentEventKind.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="department_events",
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("department event")
        verbose_name_plural = _("department events")
        ordering = ["-created_at"]
        constraints = [
            # A period's black-vest and honour lists name a department once, however often they are recorded.
            models.UniqueConstraint(
                fields=["department", "kind", "period_start", "period_end"],
                condition=models.Q(kind__in=[DepartmentEventKind.BLACK_VEST, DepartmentEventKind.HONOUR]),
                name="department_event_once_per_period",
            ),
        ]
        indexes = [models.Index(fields=["department", "created_at"], name="department_event_dept_idx")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.kind} {self.created_at:%Y-%m-%d}"
