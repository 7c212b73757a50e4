"""The client against the fake LAPOR!: the contract's shapes, the token, idempotency and every kind of failure."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from sambat.lapor.client import LaporClient, LaporRejected, LaporUnavailable
from sambat.lapor.tests.fake_lapor import TOKEN, FakeLapor
from sambat.lapor.tests.helpers import CLIENT_TIMEOUT


def report(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "referensi": "SBT-7K3QX9",
        "judul": "Lampu jalan mati",
        "isi": "Lampu penerangan jalan di Jl. Ijen mati sejak tiga hari.",
        "klasifikasi": "pengaduan",
        "privasi": "publik",
        "kategori": None,
        "instansi_tujuan": None,
        "lokasi": {"lat": -7.97, "lon": 112.62, "alamat": "Jl. Ijen", "kelurahan": "", "kecamatan": ""},
        "pelapor": {"nama": "Budi"},
        "status": "diterima",
        "dibuat_pada": "2026-03-02T09:00:00+07:00",
    }
    return body | changes


class ClientTests(SimpleTestCase):
    fake: FakeLapor

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.fake = FakeLapor()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)

    def setUp(self) -> None:
        self.fake.come_back()
        self.fake.reset()
        self.client_ = LaporClient(base_url=self.fake.url, token=TOKEN, timeout=CLIENT_TIMEOUT)

    def tearDown(self) -> None:
        self.fake.wait_idle()

    def test_it_creates_a_report_and_reads_its_id_and_tracking_number(self) -> None:
        answer = self.client_.create_report(report(), idempotency_key="sambat-1")
        self.assertTrue(answer["id"].startswith("LPR-"))
        self.assertTrue(answer["nomor_tracking"])
        self.assertEqual(self.fake.applied_keys(), ["sambat-1"])

    def test_it_adds_a_follow_up_and_a_status_to_a_report(self) -> None:
        report_id = self.client_.create_report(report(), idempotency_key="sambat-1")["id"]
        follow_up = {
            "isi": "Lampu sudah diganti.",
            "status": "selesai",
            "pelaku": "instansi",
            "instansi": {"kode": "dlh", "nama": "Dinas Lingkungan Hidup"},
            "dibuat_pada": "2026-03-03T10:00:00+07:00",
        }
        self.assertTrue(self.client_.add_follow_up(report_id, follow_up, idempotency_key="sambat-2")["id"])
        status = {"status": "ditutup", "dibuat_pada": "2026-03-04T10:00:00+07:00"}
        self.assertEqual(self.client_.set_status(report_id, status, idempotency_key="sambat-3")["status"], "ditutup")
        self.assertEqual(self.fake.reports[report_id]["status"], "ditutup")

    def test_a_wrong_token_is_refused_and_retried_later(self) -> None:
        wrong = LaporClient(base_url=self.fake.url, token="bukan-token", timeout=CLIENT_TIMEOUT)
        with self.assertRaises(LaporUnavailable) as caught:
            wrong.create_report(report(), idempotency_key="sambat-1")
        self.assertEqual(caught.exception.status, 401)
        self.assertIn("tidak_terautentikasi", str(caught.exception))
        self.assertEqual(self.fake.applied, [])

    def test_a_body_that_breaks_the_contract_is_refused_with_lapor_s_reasons(self) -> None:
        broken = report(isi="", status="beres", nik="3573010101900001")
        with self.assertRaises(LaporRejected) as caught:
            self.client_.create_report(broken, idempotency_key="sambat-1")
        self.assertEqual(caught.exception.status, 422)
        for field in ("isi", "status", "nik"):
            self.assertIn(field, str(caught.exception))
        self.assertEqual(self.fake.applied, [])

    def test_a_named_reporter_on_an_anonymous_report_is_refused(self) -> None:
        with self.assertRaises(LaporRejected) as caught:
            self.client_.create_report(report(privasi="anonim"), idempotency_key="sambat-1")
        self.assertIn("pelapor", str(caught.exception))
        with self.assertRaises(LaporRejected):
            self.client_.create_report(report(pelapor={"nama": "Budi", "telepon": "0812"}), idempotency_key="sambat-2")

    def test_a_push_without_idempotency_key_is_refused(self) -> None:
        with self.assertRaises(LaporRejected) as caught:
            self.client_._request("POST", "/laporan", body=report())
        self.assertEqual(caught.exception.status, 400)

    def test_a_repeated_key_gets_the_first_answer_and_records_nothing_twice(self) -> None:
        first = self.client_.create_report(report(), idempotency_key="sambat-1")
        again = self.client_.create_report(report(), idempotency_key="sambat-1")
        self.assertEqual(first, again)
        self.assertEqual(len(self.fake.reports), 1)
        self.assertEqual(self.fake.replayed, ["sambat-1"])

    def test_a_key_reused_for_another_body_is_refused(self) -> None:
        self.client_.create_report(report(), idempotency_key="sambat-1")
        with self.assertRaises(LaporRejected) as caught:
            self.client_.create_report(report(judul="Lain"), idempotency_key="sambat-1")
        self.assertEqual(caught.exception.status, 409)

    def test_a_follow_up_on_an_unknown_report_is_refused(self) -> None:
        body = {"status": "selesai", "dibuat_pada": "2026-03-04T10:00:00+07:00"}
        with self.assertRaises(LaporRejected) as caught:
            self.client_.set_status("LPR-999999", body, idempotency_key="sambat-9")
        self.assertEqual(caught.exception.status, 404)

    def test_server_errors_timeouts_lost_answers_and_a_closed_port_mean_unavailable(self) -> None:
        for fault in ("500", "timeout", "lost"):
            with self.subTest(fault=fault):
                self.fake.fail_next(fault)
                with self.assertRaises(LaporUnavailable):
                    self.client_.create_report(report(), idempotency_key=f"sambat-{fault}")
                self.fake.wait_idle()
        # The slow and the lost request were applied all the same: their retries must not apply them again.
        self.assertEqual(self.fake.applied_keys(), ["sambat-timeout", "sambat-lost"])
        self.client_.create_report(report(), idempotency_key="sambat-lost")
        self.assertEqual(len(self.fake.reports), 2)
        self.fake.go_offline()
        with self.assertRaises(LaporUnavailable):
            self.client_.updates(cursor="", limit=10)

    def test_it_reads_the_update_feed_page_by_page(self) -> None:
        for number in range(3):
            self.fake.dispose_new_report(isi=f"Laporan {number}")
        first = self.client_.updates(cursor="", limit=2)
        self.assertEqual((len(first.items), first.more), (2, True))
        second = self.client_.updates(cursor=first.next_cursor, limit=2)
        self.assertEqual((len(second.items), second.more), (1, False))
        with self.assertRaises(LaporRejected):
            self.client_.updates(cursor="not-a-cursor", limit=2)

    def test_it_refuses_a_base_url_that_is_not_http(self) -> None:
        for url in ("file:///etc/passwd", "ftp://lapor.example/", "lapor.go.id/api", ""):
            with self.subTest(url=url), self.assertRaises(ImproperlyConfigured):
                LaporClient(base_url=url, token=TOKEN, timeout=CLIENT_TIMEOUT)
