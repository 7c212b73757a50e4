from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """Records that a demo data set (the invented complaints) was loaded, so `load_demo` never adds it twice."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    loaded_at = models.DateTimeField(_("loaded at"))
    complaints = models.PositiveIntegerField(_("complaints created"))
    seed = models.IntegerField(_("random seed"))

    class Meta:
        verbose_name = _("demo data set")
        verbose_name_plural = _("demo data sets")

    def __str__(self) -> str:
        return self.name
