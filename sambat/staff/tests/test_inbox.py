"""The department inbox: its filters, counts, sorting, paging and the number of queries it costs."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.models import Complaint
from sambat.staff.tests.personas import SUKUN_LAT, SUKUN_LON, StaffTestCase

INBOX = reverse("staff:inbox")


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [complaint.tracking_code for complaint in response.context["page"].object_list]


class InboxTests(StaffTestCase):
    pothole: Complaint
    streetlight: Complaint
    working: Complaint
    done: Complaint
    parked: Complaint
    unrouted: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pothole = cls.roads_complaint("Jalan berlubang di Jl. Merdeka dekat alun-alun.")
        cls.streetlight = cls.roads_complaint(
            "Lampu jalan di Sukun padam, rawan kecelakaan.",
            latitude=SUKUN_LAT,
            longitude=SUKUN_LON,
            address="Jl. Janti Barat",
        )
        cls.working = cls.roads_complaint("Trotoar ambles di Jl. Basuki Rahmat.")
        actions.start_progress(complaint=cls.working, actor=cls.oscar)
        cls.done = cls.roads_complaint("Gorong-gorong tersumbat di Jl. Kahuripan.")
        actions.resolve_complaint(complaint=cls.done, actor=cls.oscar, message="Sudah dibersihkan.")
        cls.parked = cls.parking_complaint()
        cls.unrouted = cls.triage_complaint()
        # The pothole is past its response deadline.
        past = timezone.now() - timedelta(days=2)
        Complaint.objects.filter(pk=cls.pothole.pk).update(respond_due_at=past, resolve_due_at=past)

    def setUp(self) -> None:
        self.client.force_login(self.oscar)

    def test_it_lists_the_departments_open_complaints_by_due_date(self) -> None:
        response = self.client.get(INBOX)
        self.assertEqual(codes(response)[0], self.pothole.tracking_code)  # overdue first
        self.assertEqual(
            set(codes(response)),
            {self.pothole.tracking_code, self.streetlight.tracking_code, self.working.tracking_code},
        )

    def test_it_marks_overdue_complaints(self) -> None:
        response = self.client.get(INBOX)
        html = response.content.decode()
        row = html.split(self.pothole.tracking_code, 1)[1].split("</tr>")[0]
        self.assertIn("Overdue", row)
        other_row = html.split(self.streetlight.tracking_code, 1)[1].split("</tr>")[0]
        self.assertNotIn("badge red", other_row)

    def test_it_counts_complaints_per_status(self) -> None:
        response = self.client.get(INBOX)
        counts = {row.status.value: row.count for row in response.context["status_counts"]}
        self.assertEqual(counts["assigned"], 2)
        self.assertEqual(counts["in_progress"], 1)
        self.assertEqual(counts["triage"], 0)
        # Finished work is not counted (that would grow with the history) but stays one click away.
        self.assertEqual(counts["resolved"], 0)
        self.assertContains(response, "?status=resolved")
        self.assertEqual(response.context["overdue_count"], 1)
        self.assertContains(response, '<span class="count">2</span>')

    def test_it_caps_the_overdue_count_of_a_large_backlog(self) -> None:
        with mock.patch("sambat.staff.queries.OVERDUE_COUNT_CAP", 0):
            response = self.client.get(INBOX)
        self.assertContains(response, '<span class="count" id="overdue-count">0+</span>', html=True)

    def test_it_filters_by_status(self) -> None:
        self.assertEqual(codes(self.client.get(INBOX, {"status": "resolved"})), [self.done.tracking_code])
        self.assertEqual(len(codes(self.client.get(INBOX, {"status": "all"}))), 4)
        self.assertEqual(codes(self.client.get(INBOX, {"status": "in_progress"})), [self.working.tracking_code])

    def test_it_filters_overdue_only(self) -> None:
        self.assertEqual(codes(self.client.get(INBOX, {"overdue": "on"})), [self.pothole.tracking_code])

    def test_it_filters_by_kecamatan_and_category(self) -> None:
        self.assertEqual(codes(self.client.get(INBOX, {"kecamatan": "35.73.02"})), [self.streetlight.tracking_code])
        self.assertEqual(len(codes(self.client.get(INBOX, {"category": "jalan-rusak"}))), 3)
        self.assertEqual(codes(self.client.get(INBOX, {"category": "parkir"})), [])

    def test_it_searches_text_address_and_tracking_code(self) -> None:
        self.assertEqual(codes(self.client.get(INBOX, {"q": "trotoar"})), [self.working.tracking_code])
        self.assertEqual(codes(self.client.get(INBOX, {"q": "janti barat"})), [self.streetlight.tracking_code])
        self.assertEqual(
            codes(self.client.get(INBOX, {"q": self.done.tracking_code, "status": "all"})), [self.done.tracking_code]
        )
        typed = self.done.tracking_code.lower().replace("-", " ")  # "sbt 7k3qx9"
        self.assertEqual(codes(self.client.get(INBOX, {"q": typed, "status": "all"})), [self.done.tracking_code])

    def test_it_sorts_newest_first_on_request(self) -> None:
        response = self.client.get(INBOX, {"sort": "newest"})
        self.assertEqual(
            codes(response),
            [self.working.tracking_code, self.streetlight.tracking_code, self.pothole.tracking_code],
        )

    def test_it_ignores_invalid_filter_values(self) -> None:
        response = self.client.get(
            INBOX, {"status": "bogus", "category": "nope", "kecamatan": "x", "sort": "random", "page": "abc"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(codes(response)), 3)

    def test_verifiers_and_leaders_filter_by_department(self) -> None:
        for user in (self.vera, self.lena):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                everything = self.client.get(INBOX)
                self.assertIn(self.parked.tracking_code, codes(everything))
                self.assertIn(self.unrouted.tracking_code, codes(everything))
                self.assertContains(everything, 'name="department"')
                dishub = self.client.get(INBOX, {"department": str(self.dishub.pk)})
                self.assertEqual(codes(dishub), [self.parked.tracking_code])

    def test_officers_of_one_department_get_no_department_filter(self) -> None:
        self.assertNotContains(self.client.get(INBOX), 'name="department"')


class InboxPagingTests(StaffTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for number in range(30):
            if number % 3 == 0:
                cls.parking_complaint(f"Parkir liar nomor {number} di trotoar.")
            else:
                lat_lon = {"latitude": SUKUN_LAT, "longitude": SUKUN_LON} if number % 2 else {}
                cls.roads_complaint(f"Jalan rusak nomor {number} perlu ditambal.", **lat_lon)
        for number in range(3):
            cls.triage_complaint(f"Laporan tanpa kategori {number}.")

    def test_it_pages_by_25_and_keeps_the_filters(self) -> None:
        self.client.force_login(self.vera)
        first = self.client.get(INBOX, {"status": "all", "q": "nomor"})
        self.assertEqual(len(codes(first)), 25)
        self.assertContains(first, "?status=all&amp;q=nomor&amp;page=2")
        second = self.client.get(INBOX, {"status": "all", "q": "nomor", "page": "2"})
        self.assertEqual(len(codes(second)), 5)
        self.assertFalse(set(codes(first)) & set(codes(second)))

    def test_the_officers_inbox_costs_the_same_queries_for_many_rows(self) -> None:
        self.client.force_login(self.oscar)
        self.client.get(INBOX)  # warm the session
        # session, user, the officer's departments (filter choices, list, counts), categories, kecamatan,
        # page count, status counts, overdue count, page rows
        with self.assertNumQueries(10):
            response = self.client.get(INBOX, {"status": "all"})
        self.assertEqual(len(codes(response)), 20)

    def test_the_verifiers_inbox_costs_the_same_queries_for_many_rows(self) -> None:
        self.client.force_login(self.vera)
        self.client.get(INBOX)
        # session, user, departments, categories, kecamatan, status counts, overdue count, page count, page rows
        with self.assertNumQueries(9):
            response = self.client.get(INBOX, {"status": "all"})
        self.assertEqual(len(codes(response)), 25)
        with self.assertNumQueries(9):
            self.client.get(INBOX, {"status": "all", "page": "2"})
