"""Collective leave days in the admin: only days that would otherwise be working days."""

from django.test import TestCase
from django.urls import reverse

from sambat.accounts.choices import Role
from sambat.complaints.tests import factories as f
from sambat.sla.models import LeaveDay

ADD = reverse("admin:sla_leaveday_add")


class LeaveDayAdminTests(TestCase):
    def setUp(self) -> None:
        admin = f.make_user(Role.ADMIN, username="dina")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        self.client.force_login(admin)

    def test_it_refuses_a_weekend_or_a_national_holiday_and_takes_a_working_day(self) -> None:
        for day in ("2026-12-12", "2026-12-25"):  # a Saturday; Christmas
            with self.subTest(day=day):
                response = self.client.post(ADD, {"date": day, "name": "Cuti bersama"})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["adminform"].form.errors["date"])
        self.assertFalse(LeaveDay.objects.exists())

        self.assertContains(self.client.post(ADD, {"date": "2026-12-25", "name": "x"}), "Hari Raya Natal")

        response = self.client.post(ADD, {"date": "2026-12-23", "name": "Cuti bersama Natal"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(str(LeaveDay.objects.get().date), "2026-12-23")
