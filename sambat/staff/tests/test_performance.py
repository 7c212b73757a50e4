"""A department's own performance page: its figures for this period and the last, its place, its lists and
warnings, and nothing about the other departments."""

import datetime as dt
import re
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from sambat.accountability.choices import DepartmentEventKind
from sambat.accountability.models import DepartmentEvent
from sambat.accountability.tests.evaluation_fixtures import NOW, Period, make_period
from sambat.accounts.choices import Role
from sambat.complaints.models import Complaint
from sambat.staff.tests.personas import StaffTestCase

PERFORMANCE = reverse("staff:performance")


def at(moment: dt.datetime) -> mock._patch:  # type: ignore[type-arg]
    return mock.patch("django.utils.timezone.now", return_value=moment)


@override_settings(
    TIME_ZONE="Asia/Jakarta",
    SAMBAT_EVALUATION_MIN_COMPLAINTS=5,
    SAMBAT_BLACK_VEST_LATE_PERCENT=30,
    SAMBAT_HONOUR_LIST_SIZE=3,
)
class PerformancePageTests(StaffTestCase):
    period: Period

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period()

    def row(self, html: str, name: str) -> list[str]:
        """The cells of one figure's row: this period (so far), then the last."""
        found = re.search(rf'<tr class="{name}">(.*?)</tr>', html, re.S)
        assert found, name
        return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", found.group(1), re.S)]

    def page_for(self, role: str, department: object) -> str:
        user = self.make_user(f"{role}-{department}", role, department=department)  # type: ignore[arg-type]
        self.client.force_login(user)
        with at(NOW):
            response = self.client.get(PERFORMANCE)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_head_sees_the_departments_figures_for_this_period_and_the_last(self) -> None:
        # The hand-computed January-February figures of the slow department (evaluation_fixtures).
        html = self.page_for(Role.HEAD, self.period.bad)

        self.assertEqual(self.row(html, "received"), ["0", "6"])
        self.assertEqual(self.row(html, "responded"), ["—", "5 (4)"])
        self.assertEqual(self.row(html, "resolved"), ["—", "3 (2)"])
        self.assertEqual(self.row(html, "overdue-now"), ["0", "2"])
        self.assertEqual(self.row(html, "on-time"), ["—", "50%"])
        self.assertEqual(self.row(html, "rank"), ["—", "3 of 3"])
        self.assertIn("Black vest", self.row(html, "ladder")[1])
        # Nothing about the others: their names, their figures.
        for other in (self.period.good, self.period.middle, self.period.small):
            self.assertNotIn(other.name, html)

    def test_an_officer_of_a_responsive_department_sees_its_place_on_the_honour_list(self) -> None:
        html = self.page_for(Role.OFFICER, self.period.good)

        # The Good complaint of 1 March is this period's; the one of 31 December is no period's here.
        self.assertEqual(self.row(html, "received"), ["1", "5"])
        self.assertEqual(self.row(html, "rank"), ["—", "1 of 3"])
        self.assertIn("Honour list", self.row(html, "ladder")[1])

    def test_it_lists_the_departments_own_warnings_and_lists(self) -> None:
        late = Complaint.objects.filter(department=self.period.bad).first()
        assert late is not None
        DepartmentEvent.objects.create(department=self.period.bad, kind=DepartmentEventKind.WARNING, complaint=late)
        DepartmentEvent.objects.create(department=self.period.middle, kind=DepartmentEventKind.ESCALATION)

        html = self.page_for(Role.HEAD, self.period.bad)

        self.assertIn(f'href="{reverse("staff:complaint", args=[late.pk])}"', html)
        self.assertIn('class="event-warning"', html)
        self.assertNotIn('class="event-escalation"', html)

    def test_leaders_and_admins_are_sent_to_the_evaluation_and_others_refused(self) -> None:
        for user in (self.lena, self.vera):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertRedirects(self.client.get(PERFORMANCE), reverse("staff:evaluation"))
        for user in (self.alice, self.kiki):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(PERFORMANCE).status_code, 403)
        self.client.logout()
        self.assertRedirects(self.client.get(PERFORMANCE), f"{reverse('accounts:login')}?next={PERFORMANCE}")

    def test_department_staff_find_it_in_their_menu(self) -> None:
        self.client.force_login(self.oscar)
        self.assertContains(self.client.get(reverse("staff:inbox")), f'href="{PERFORMANCE}"')
        self.client.force_login(self.lena)
        self.assertNotContains(self.client.get(reverse("staff:overview")), f'href="{PERFORMANCE}"')
