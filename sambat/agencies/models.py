from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sambat.agencies.choices import AreaLevel, DepartmentKind


class Area(models.Model):
    """An administrative area (kota, kecamatan, kelurahan) with its boundary.

    The bounding box is stored so point lookups only test the polygons that can contain the point.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("Kemendagri area code"))
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=AreaLevel.values), name="area_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A unit that must act on complaints (OPD, kecamatan or kelurahan office, utility)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.DINAS)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("For kecamatan and kelurahan offices: the area they are responsible for."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.abbreviation or self.name


class Category(models.Model):
    """What a complaint is about (an Open311 service), with the department that normally handles it."""

    code = models.SlugField(_("code"), max_length=64, unique=True, help_text=_("Open311 service code"))
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=64, blank=True)
    default_department = models.ForeignKey(
        Department, verbose_name=_("default department"), null=True, blank=True, on_delete=models.PROTECT
    )
    handled_by_kecamatan = models.BooleanField(
        _("handled by the kecamatan office"),
        default=False,
        help_text=_("Route to the kecamatan office that contains the map pin instead of the default department."),
    )
    extra_questions = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_('List of {"code", "label", "datatype", "required", "values"} (Open311 attributes).'),
    )
    # Deadlines in working days; empty means the city's default (SAMBAT_SLA_* settings).
    sla_verify_days = models.PositiveSmallIntegerField(
        _("working days to verify"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sla_respond_days = models.PositiveSmallIntegerField(_("working days to respond"), null=True, blank=True)
    sla_resolve_days = models.PositiveSmallIntegerField(_("working days to resolve"), null=True, blank=True)
    sla_autoclose_days = models.PositiveSmallIntegerField(
        _("working days before a resolved complaint closes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Quiet period after resolution: without a reply from the citizen, the complaint closes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.label

    def display_name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def label(self) -> str:
        """The name in the language of the current request (templates use this)."""
        return self.display_name(get_language() or "")


class Membership(models.Model):
    """Links a department officer or head to the department whose inbox they work."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="membership_unique_user_department"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.department}"
