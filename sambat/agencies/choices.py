from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    KOTA = "kota", _("City")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")


class DepartmentKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Secretariat")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    BADAN = "badan", _("Agency (badan)")
    SATUAN = "satuan", _("Unit (satuan)")
    DINAS = "dinas", _("Service (dinas)")
    UPT = "upt", _("Technical unit (UPT)")
    BAGIAN = "bagian", _("Division (bagian)")
    KECAMATAN = "kecamatan", _("District office (kecamatan)")
    KELURAHAN = "kelurahan", _("Village office (kelurahan)")
    BUMD_UTILITY = "bumd_utility", _("Regional utility (BUMD)")
    BUMN_UTILITY = "bumn_utility", _("State utility (BUMN)")


class DatumType(models.TextChoices):
    """Open311 attribute datatypes for a category's extra questions."""

    STRING = "string", _("Short text")
    TEXT = "text", _("Long text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    SINGLEVALUELIST = "singlevaluelist", _("One choice")
    MULTIVALUELIST = "multivaluelist", _("Several choices")
