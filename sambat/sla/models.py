from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaveDay(models.Model):
    """A city-declared non-working day (cuti bersama, local holiday) on top of national public holidays."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("collective leave day")
        verbose_name_plural = _("collective leave days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
