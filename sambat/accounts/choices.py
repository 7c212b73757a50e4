from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in Sambat. Department officers and heads also need a Membership."""

    CITIZEN = "citizen", _("Citizen")
    KIM = "kim", _("Community assistant (KIM)")
    ADMIN = "admin", _("Administrator / verifier")
    OFFICER = "officer", _("Department officer")
    HEAD = "head", _("Head of department")
    LEADER = "leader", _("Leader (mayor, vice mayor, secretary)")


STAFF_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.HEAD, Role.LEADER})
DEPARTMENT_ROLES = frozenset({Role.OFFICER, Role.HEAD})
