"""The evaluation page: who may see it, the periods it offers, the table, the downloads and the period's lists."""

import datetime as dt
import io
from unittest import mock

from django.db import connection
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from sambat.accountability.choices import DepartmentEventKind
from sambat.accountability.models import DepartmentEvent
from sambat.accountability.tests.evaluation_fixtures import END, NOW, START, make_period
from sambat.staff.evaluation_views import recent_periods, two_month_period
from sambat.staff.tests.personas import StaffTestCase

EVALUATION = reverse("staff:evaluation")
DOWNLOAD = reverse("staff:evaluation_download")
PERIOD = {"from": START.isoformat(), "to": END.isoformat()}


def at(moment: dt.datetime) -> mock._patch:  # type: ignore[type-arg]
    """The page's clock (today's periods, what is overdue) at `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@override_settings(
    TIME_ZONE="Asia/Jakarta",
    SAMBAT_EVALUATION_MIN_COMPLAINTS=5,
    SAMBAT_BLACK_VEST_LATE_PERCENT=30,
    SAMBAT_HONOUR_LIST_SIZE=3,
)
class EvaluationPageTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_period()

    def test_only_leaders_and_admins_may_open_it(self) -> None:
        for user, status in (
            (self.lena, 200),
            (self.vera, 200),
            (self.oscar, 403),
            (self.hana, 403),
            (self.alice, 403),
        ):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(EVALUATION, PERIOD).status_code, status)
                self.assertEqual(self.client.get(DOWNLOAD, PERIOD | {"format": "xlsx"}).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(EVALUATION).status_code, 302)
        self.assertEqual(self.client.get(DOWNLOAD, PERIOD | {"format": "pdf"}).status_code, 302)

    def test_it_shows_every_departments_figures_and_the_lists(self) -> None:
        self.client.force_login(self.lena)
        with at(NOW):
            response = self.client.get(EVALUATION, PERIOD)
        self.assertEqual(response.status_code, 200)
        codes = [item.department.code for item in response.context["report"].figures]
        self.assertEqual(codes, ["good", "middle", "bad", "small"])
        self.assertContains(response, '<td class="received">6</td>', html=False)
        self.assertContains(response, '<td class="responded">5 (4)</td>', html=False)
        self.assertContains(response, '<td class="resolved">3 (2)</td>', html=False)
        self.assertContains(response, '<td class="overdue">2</td>', html=False)
        self.assertContains(response, '<td class="on-time">50%</td>', html=False)
        self.assertContains(response, '<td class="response-hours">36.0 / 70.4</td>', html=False)
        self.assertContains(response, '<td class="rating">4.5 (2)</td>', html=False)
        self.assertContains(response, '<tr data-department="bad" class="black-vest">', html=False)
        self.assertContains(response, '<tr data-department="good" class="honour">', html=False)
        self.assertContains(response, "Dinas Bad — 50% late")
        self.assertContains(response, "<strong>18</strong> complaints received", html=False)
        # Leaders look; only administrators record the lists.
        self.assertNotContains(response, "Record the black-vest and honour lists")

    def test_it_takes_a_bounded_number_of_queries(self) -> None:
        self.client.force_login(self.vera)
        # Session and user, the evaluation (two queries, three on SQLite), whether the lists are recorded.
        with at(NOW), self.assertNumQueries(5 if connection.vendor == "postgresql" else 6):
            self.client.get(EVALUATION, PERIOD)

    def test_it_offers_the_current_and_the_two_previous_periods_and_opens_on_the_last_complete_one(self) -> None:
        self.client.force_login(self.lena)
        with at(NOW):
            response = self.client.get(EVALUATION)
        periods = response.context["periods"]
        self.assertEqual(
            [(period.start, period.end) for period in periods],
            [
                (dt.date(2026, 3, 1), dt.date(2026, 4, 30)),
                (dt.date(2026, 1, 1), dt.date(2026, 2, 28)),
                (dt.date(2025, 11, 1), dt.date(2025, 12, 31)),
            ],
        )
        self.assertEqual(response.context["period"], periods[1])
        self.assertContains(response, '?from=2026-01-01&amp;to=2026-02-28" aria-current="page"', html=False)
        self.assertEqual(len(response.context["report"].figures), 4)

    def test_the_two_month_periods_follow_the_calendar(self) -> None:
        self.assertEqual(two_month_period(dt.date(2024, 2, 29)).end, dt.date(2024, 2, 29))
        self.assertEqual(two_month_period(dt.date(2026, 12, 31)).start, dt.date(2026, 11, 1))
        self.assertEqual(two_month_period(dt.date(2026, 11, 1)).end, dt.date(2026, 12, 31))
        self.assertEqual(
            [period.start for period in recent_periods(dt.date(2026, 2, 10))],
            [dt.date(2026, 1, 1), dt.date(2025, 11, 1), dt.date(2025, 9, 1)],
        )

    def test_a_custom_period_and_its_errors(self) -> None:
        self.client.force_login(self.lena)
        with at(NOW):
            january = self.client.get(EVALUATION, {"from": "2026-01-01", "to": "2026-01-31"})
            backwards = self.client.get(EVALUATION, {"from": "2026-02-01", "to": "2026-01-01"})
            nonsense = self.client.get(EVALUATION, {"from": "2026-13-01", "to": "2026-01-01"})
            too_long = self.client.get(EVALUATION, {"from": "2020-01-01", "to": "2026-01-01"})
        self.assertEqual(sum(item.received for item in january.context["report"].figures), 13)
        self.assertContains(backwards, "The period must start before it ends.", status_code=400)
        self.assertContains(nonsense, 'value="2026-13-01"', status_code=400, html=False)
        self.assertContains(too_long, "at most two years", status_code=400)

    def test_the_spreadsheet_download(self) -> None:
        self.client.force_login(self.lena)
        with at(NOW):
            response = self.client.get(DOWNLOAD, PERIOD | {"format": "xlsx"})
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="evaluasi-2026-01-01-2026-02-28.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        self.assertEqual(
            [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)], ["good", "middle", "bad", "small"]
        )

    def test_the_pdf_download(self) -> None:
        self.client.force_login(self.vera)
        with at(NOW):
            response = self.client.get(DOWNLOAD, PERIOD | {"format": "pdf"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="evaluasi-2026-01-01-2026-02-28.pdf"')
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_a_download_needs_a_period_and_a_known_format(self) -> None:
        self.client.force_login(self.lena)
        self.assertEqual(self.client.get(DOWNLOAD, PERIOD | {"format": "docx"}).status_code, 400)
        self.assertEqual(self.client.get(DOWNLOAD, {"format": "pdf"}).status_code, 400)
        self.assertEqual(
            self.client.get(DOWNLOAD, {"from": "2026-03-01", "to": "2026-01-01", "format": "pdf"}).status_code, 400
        )
        self.assertEqual(self.client.post(DOWNLOAD, PERIOD | {"format": "pdf"}).status_code, 405)

    def test_an_admin_records_the_lists_of_an_ended_period_once(self) -> None:
        self.client.force_login(self.vera)
        with at(NOW):
            page = self.client.get(EVALUATION, PERIOD)
            self.assertContains(page, "Record the black-vest and honour lists")
            response = self.client.post(EVALUATION, PERIOD)
            self.assertRedirects(response, f"{EVALUATION}?from=2026-01-01&to=2026-02-28")
            again = self.client.post(EVALUATION, PERIOD, follow=True)
        recorded = DepartmentEvent.objects.filter(period_start=START, period_end=END)
        self.assertEqual(
            sorted((event.department.code, event.kind, event.actor) for event in recorded),
            [
                ("bad", DepartmentEventKind.BLACK_VEST, self.vera),
                ("good", DepartmentEventKind.HONOUR, self.vera),
                ("middle", DepartmentEventKind.HONOUR, self.vera),
            ],
        )
        self.assertContains(again, "were already recorded")
        self.assertContains(again, "Recorded on")
        self.assertNotContains(again, "Record the black-vest and honour lists")

    def test_a_leader_may_not_record_and_a_running_period_cannot_be_recorded(self) -> None:
        self.client.force_login(self.lena)
        with at(NOW):
            self.assertEqual(self.client.post(EVALUATION, PERIOD).status_code, 403)
        self.client.force_login(self.vera)
        with at(NOW):
            current = {"from": "2026-03-01", "to": "2026-04-30"}
            self.assertNotContains(self.client.get(EVALUATION, current), "Record the black-vest and honour lists")
            response = self.client.post(EVALUATION, current, follow=True)
        self.assertContains(response, "only once it has ended")
        self.assertFalse(DepartmentEvent.objects.exists())

    def test_recording_needs_the_csrf_token(self) -> None:
        self.client.force_login(self.vera)
        self.client.handler.enforce_csrf_checks = True  # type: ignore[attr-defined]
        with at(NOW):
            self.assertEqual(self.client.post(EVALUATION, PERIOD).status_code, 403)
        self.assertFalse(DepartmentEvent.objects.exists())
