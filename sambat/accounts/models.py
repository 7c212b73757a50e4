from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sambat.accounts.choices import DEPARTMENT_ROLES, STAFF_ROLES, Role


class User(AbstractUser):
    """A person who signs in: citizen, community assistant, or city staff.

    Citizens may also file without an account; then only the complaint's contact fields hold their data.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_city_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    @property
    def is_department_staff(self) -> bool:
        return self.is_active and self.role in DEPARTMENT_ROLES

    @property
    def is_verifier(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.is_active and self.role == Role.LEADER
