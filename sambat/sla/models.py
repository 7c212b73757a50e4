from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SATURDAY = 5


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

    def clean(self) -> None:
        # A weekend or a national holiday is no working day already: listing it would only mislead whoever reads
        # the list, and deleting it later would change nothing.
        from sambat.sla.calendar import national_holiday_name  # here: the calendar reads this model

        if self.date is None:
            return
        if self.date.weekday() >= SATURDAY:
            raise ValidationError({"date": _("This day is a weekend: it is never a working day.")})
        holiday = national_holiday_name(self.date)
        if holiday:
            raise ValidationError({"date": _("This day is already a national holiday (%(name)s).") % {"name": holiday}})
