from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sambat.complaints.choices import Privacy, Status
from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import clean_photos, make_category, make_complaint, make_complaint_in
from sambat.portal.tests.helpers import EnglishClient, PortalTestCase

NIK = "3573015508900001"
PHONE = "0813-3344-5566"


class PublicBoardTests(PortalTestCase):
    def make(self, status: str = Status.ASSIGNED, **kwargs: Any) -> Complaint:
        kwargs.setdefault("category", self.p.roads)
        return make_complaint_in(status, department=self.p.dpuprpkp, officer=self.p.oscar, **kwargs)

    def test_it_never_shows_confidential_content_identities_phones_or_nik(self) -> None:
        self.make(
            text="Jalan Ijen berlubang di depan museum.", reporter_name="Rina Publik", reporter_email="rina@example.org"
        )
        self.make(text=f"Lampu mati, hubungi {PHONE} atau NIK {NIK}.", reporter_phone="081999888777")
        self.make(text="Drainase tersumbat di Sukun.", privacy=Privacy.ANONYMOUS, reporter_name="Anonim Sekali")
        confidential = self.make(
            text="Rahasia: pungli di loket.",
            privacy=Privacy.CONFIDENTIAL,
            reporter_name="Saksi Rahasia",
            photos=clean_photos(1),
        )
        board = self.client.get("/papan/")
        self.assertContains(board, "Jalan Ijen berlubang")
        self.assertContains(board, "Drainase tersumbat")
        for secret in (
            "Rina Publik",
            "rina@example.org",
            PHONE,
            "081333445566",
            NIK,
            "081999888777",
            "Anonim Sekali",
            "Rahasia",
            "pungli",
            "Saksi Rahasia",
            confidential.tracking_code,
        ):
            self.assertNotContains(board, secret)
        self.assertContains(board, "0813*****566")
        # Confidential photos are not served to the public either.
        photo = Attachment.objects.get(complaint=confidential)
        self.assertFalse(photo.is_public)
        with self.assertLogs("django.request", "WARNING"):
            self.assertEqual(EnglishClient().get(f"/foto/{photo.id}/").status_code, 404)
            self.assertEqual(EnglishClient().get(f"/foto/{photo.id}/kecil/").status_code, 404)
        # A search for the confidential text finds nothing.
        search = self.client.get("/papan/", {"q": "pungli"})
        self.assertContains(search, "0 reports")
        self.assertNotContains(search, confidential.tracking_code)

    def test_it_shows_only_accepted_reports(self) -> None:
        shown = self.make(Status.RESOLVED, text="Sudah beres: jalan Kawi.")
        hidden = [
            make_complaint_in(Status.TRIAGE, text="Belum diverifikasi di Kawi."),
            make_complaint_in(Status.REJECTED, text="Spam iklan obat di Kawi."),
        ]
        board = self.client.get("/papan/")
        self.assertContains(board, shown.tracking_code)
        for complaint in hidden:
            self.assertNotContains(board, complaint.tracking_code)

    def test_it_filters_by_category_kecamatan_status_and_text(self) -> None:
        in_klojen = self.make(text="Jalan rusak di Klojen dekat alun-alun.", latitude=-7.9797, longitude=112.6304)
        parking = make_complaint_in(
            Status.IN_PROGRESS,
            department=self.p.dishub,
            officer=self.p.bob,
            category=self.p.parking,
            text="Parkir liar di trotoar Kayutangan.",
        )
        resolved = self.make(Status.RESOLVED, text="Pohon tumbang sudah dipotong.")
        cases = [
            ({"category": "parkir"}, parking),
            ({"kecamatan": self.p.kecamatan.code}, in_klojen),
            ({"status": "resolved"}, resolved),
            ({"q": "kayutangan"}, parking),
        ]
        everyone = {in_klojen, parking, resolved}
        for params, expected in cases:
            with self.subTest(params=params):
                board = self.client.get("/papan/", params)
                self.assertContains(board, expected.tracking_code)
                for other in everyone - {expected}:
                    self.assertNotContains(board, other.tracking_code)
        # Unknown filter values are ignored, not an error page.
        board = self.client.get("/papan/", {"category": "no-such", "status": "rejected", "q": "x" * 500})
        self.assertEqual(board.status_code, 200)
        self.assertContains(board, "Some filters were not understood")

    def test_it_pages_by_twenty_without_a_query_per_report(self) -> None:
        other_category = make_category(code="sampah", name="Sampah", department=self.p.dpuprpkp)
        for number in range(3):
            self.make(text=f"Laporan nomor {number} tentang jalan.", photos=clean_photos(1))

        def queries_for_board() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get("/papan/").status_code, 200)
            return len(captured)

        few = queries_for_board()
        for number in range(22):
            self.make(
                text=f"Laporan tambahan {number} tentang sampah.",
                category=other_category,
                photos=clean_photos(1) if number % 2 else (),
            )
        # count, page, photos, categories and kecamatan for the filters
        with self.assertNumQueries(5):
            board = self.client.get("/papan/")
        self.assertEqual(few, 5)
        self.assertEqual(len(board.context["page"].object_list), 20)
        self.assertContains(board, "25 reports")
        self.assertContains(board, "/foto/")
        second = self.client.get("/papan/", {"page": 2})
        self.assertEqual(len(second.context["page"].object_list), 5)
        self.assertEqual(self.client.get("/papan/", {"page": "999"}).context["page"].number, 2)

    def test_it_has_a_friendly_empty_state(self) -> None:
        self.assertContains(self.client.get("/papan/"), "No public reports yet.")
        self.assertContains(self.client.get("/papan/", {"q": "tidak ada"}), "No reports match these filters.")


class HomePageTests(PortalTestCase):
    def test_it_shows_the_report_button_tracking_form_latest_reports_and_counts(self) -> None:
        make_complaint_in(
            Status.RESOLVED, department=self.p.dpuprpkp, officer=self.p.oscar, text="Got tersumbat sudah dibersihkan."
        )
        make_complaint(category=None, text="Belum diverifikasi, tidak tampil.")
        make_complaint_in(
            Status.ASSIGNED, department=self.p.dpuprpkp, privacy=Privacy.CONFIDENTIAL, text="Rahasia di beranda."
        )
        home = self.client.get("/")
        self.assertContains(home, 'href="/lapor/"')
        self.assertContains(home, 'action="/lacak/"')
        self.assertContains(home, "Got tersumbat sudah dibersihkan.")
        self.assertNotContains(home, "Belum diverifikasi")
        self.assertNotContains(home, "Rahasia di beranda")
        self.assertEqual(home.context["counts"], {"total": 3, "open": 2, "resolved": 1})

    def test_it_has_a_friendly_empty_state(self) -> None:
        self.assertContains(self.client.get("/"), "No public reports yet.")
