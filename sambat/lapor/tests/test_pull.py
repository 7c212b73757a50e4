"""LAPOR!'s feed: reports disposed to the city, follow-ups, echoes, repeats, early arrivals and malformed items."""

from unittest import mock

from django.urls import reverse

from sambat.complaints import actions as complaint_actions
from sambat.complaints.choices import ActorKind, Channel, EventType, Privacy
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.lapor import actions
from sambat.lapor.choices import InboundState, LinkOrigin, PushKind, PushStatus
from sambat.lapor.models import LaporCursor, LaporInbound
from sambat.lapor.tests.helpers import LaporTestCase, frozen, later


class DispositionTests(LaporTestCase):
    def test_a_report_disposed_to_the_city_becomes_a_complaint(self) -> None:
        report_id = self.fake.dispose_new_report(
            judul="Sampah menumpuk",
            isi="Sampah menumpuk di pinggir Jl. Sukarno-Hatta sejak seminggu.",
            pelapor={"nama": "Rudi"},
            lokasi={"lat": -7.94, "lon": 112.62, "alamat": "Jl. Sukarno-Hatta"},
        )
        report = self.sync()

        self.assertEqual(report.applied, 1)
        complaint = Complaint.objects.get(intake_key=f"lapor:{report_id}")
        self.assertEqual((complaint.channel, complaint.channel_name), (Channel.LAPOR, "SP4N-LAPOR!"))
        self.assertEqual((complaint.title, complaint.reporter_name), ("Sampah menumpuk", "Rudi"))
        self.assertEqual(complaint.privacy, Privacy.PUBLIC)
        link = self.link(complaint)
        self.assertEqual((link.origin, link.report_id), (LinkOrigin.LAPOR, report_id))
        self.assertEqual(link.tracking_number, self.fake.reports[report_id]["nomor_tracking"])
        # LAPOR! hears where the report went at the next run.
        (ack,) = self.rows(complaint)
        self.assertEqual(ack.kind, PushKind.FOLLOW_UP)
        self.sync()
        self.assertEqual(self.fake.reports[report_id]["tindak_lanjut"][0]["isi"], ack.payload["isi"])
        self.client.force_login(self.vera)
        page = self.client.get(self.page_url(complaint))
        self.assertContains(page, "Disposed to the city by SP4N-LAPOR!")

    def test_an_anonymous_report_stays_unnamed(self) -> None:
        report_id = self.fake.dispose_new_report(isi="Ada pungli di loket.", privasi="anonim", pelapor={"nama": "X"})
        self.sync()
        complaint = Complaint.objects.get(intake_key=f"lapor:{report_id}")
        self.assertEqual((complaint.privacy, complaint.reporter_name), (Privacy.ANONYMOUS, ""))

    def test_the_same_report_disposed_twice_is_one_complaint(self) -> None:
        report_id = self.fake.dispose_new_report(isi="Drainase tersumbat di Sawojajar.")
        self.sync()
        self.fake.dispose_elsewhere(report_id, {"kode": "pemkot-malang", "nama": "Pemerintah Kota Malang"}, "Ulang.")
        self.sync()
        complaint = Complaint.objects.get(intake_key=f"lapor:{report_id}")
        self.assertEqual(Complaint.objects.filter(channel=Channel.LAPOR).count(), 1)
        update = ComplaintEvent.objects.get(complaint=complaint, event_type=EventType.LAPOR_UPDATE)
        self.assertEqual(update.public_message, "Ulang.")

    def test_our_own_report_disposed_back_before_its_answer_arrived_is_linked_not_doubled(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        self.fake.fail_next("lost")
        self.sync(pull=False)
        (report_id,) = self.fake.reports
        self.fake.dispose_elsewhere(report_id, {"kode": "dpuprpkp", "nama": "DPUPRPKP"}, "Ditangani pemkot.")
        self.sync(push=False)
        self.assertEqual(self.link(complaint).report_id, report_id)
        self.assertEqual(Complaint.objects.count(), 1)
        with frozen(later(minutes=3)):
            self.sync()
        self.assertEqual(self.rows(complaint)[0].status, PushStatus.SENT)
        self.assertEqual(len(self.fake.reports), 1)


class FollowUpTests(LaporTestCase):
    def linked(self) -> tuple[Complaint, str]:
        complaint = self.roads_complaint()
        self.forward(complaint)
        self.sync()
        return complaint, self.link(complaint).report_id

    def test_a_public_follow_up_from_lapor_is_on_the_public_timeline(self) -> None:
        complaint, report_id = self.linked()
        self.fake.follow_up_from_lapor(report_id, "Laporan dipantau oleh KemenPANRB.", status="ditindaklanjuti")
        self.sync()
        event = ComplaintEvent.objects.get(complaint=complaint, event_type=EventType.LAPOR_UPDATE)
        self.assertEqual((event.actor, event.actor_kind, event.is_public), (None, ActorKind.LAPOR, True))
        self.assertEqual(event.public_message, "Laporan dipantau oleh KemenPANRB.")
        self.assertEqual(self.link(complaint).lapor_status, "ditindaklanjuti")
        page = self.client.get(reverse("portal:track", args=[complaint.tracking_code]))
        self.assertContains(page, "Laporan dipantau oleh KemenPANRB.")
        self.assertEqual(self.rows(complaint)[-1].kind, PushKind.REPORT)  # never echoed back to LAPOR!

    def test_a_non_public_follow_up_is_for_staff_only(self) -> None:
        complaint, report_id = self.linked()
        self.fake.follow_up_from_lapor(report_id, "Catatan admin LAPOR!: cek ulang lokasi.", publik=False)
        self.sync()
        event = ComplaintEvent.objects.get(complaint=complaint, event_type=EventType.LAPOR_UPDATE)
        self.assertEqual((event.is_public, event.public_message), (False, ""))
        self.assertIn("cek ulang lokasi", event.internal_note)
        self.assertNotContains(self.client.get(reverse("portal:track", args=[complaint.tracking_code])), "cek ulang")
        self.client.force_login(self.oscar)
        self.assertContains(self.client.get(self.page_url(complaint)), "cek ulang lokasi")

    def test_lapor_s_echo_of_our_own_follow_ups_is_ignored(self) -> None:
        complaint, _report_id = self.linked()
        complaint_actions.respond(complaint=complaint, actor=self.oscar, message="Besok diperbaiki.")
        self.sync()
        self.sync()
        self.assertFalse(ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_UPDATE).exists())
        self.assertEqual(LaporInbound.objects.get().state, InboundState.IGNORED)

    def test_a_follow_up_that_arrives_before_its_report_is_acknowledged_waits_for_it(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        self.fake.fail_next("lost")
        self.sync(pull=False)
        (report_id,) = self.fake.reports
        self.fake.follow_up_from_lapor(report_id, "Mohon dilengkapi fotonya.")
        report = self.sync(push=False)
        self.assertEqual(report.waiting, 1)
        self.assertEqual(LaporInbound.objects.get().state, InboundState.UNMATCHED)
        with frozen(later(minutes=3)):
            self.sync()
        self.assertEqual(LaporInbound.objects.get().state, InboundState.APPLIED)
        self.assertEqual(
            ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_UPDATE).count(), 1
        )

    def test_repeated_deliveries_are_applied_once(self) -> None:
        complaint, report_id = self.linked()
        for number in range(5):
            self.fake.follow_up_from_lapor(report_id, f"Tindak lanjut ke-{number}")
        self.fake.duplicate_deliveries = True
        with mock.patch("sambat.lapor.sync.FEED_PAGE_SIZE", 2):
            report = self.sync()
        self.assertGreater(report.duplicates, 0)
        messages = list(
            ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_UPDATE)
            .order_by("id")
            .values_list("public_message", flat=True)
        )
        self.assertEqual(messages, [f"Tindak lanjut ke-{number}" for number in range(5)])
        self.assertTrue(LaporInbound.objects.filter(times_received__gt=1).exists())
        self.sync()  # the feed from the cursor on has nothing new
        self.assertEqual(
            ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_UPDATE).count(), 5
        )

    def test_two_workers_applying_the_same_update_record_it_once(self) -> None:
        complaint, report_id = self.linked()
        self.fake.follow_up_from_lapor(report_id, "Sedang dipantau.")
        real = actions.apply_update

        def apply_while_another_worker_applies(*, inbound_id: int) -> str:
            real(inbound_id=inbound_id)  # the other worker got there first
            return real(inbound_id=inbound_id)

        with mock.patch("sambat.lapor.actions.apply_update", apply_while_another_worker_applies):
            self.sync(push=False)
        self.assertEqual(
            ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.LAPOR_UPDATE).count(), 1
        )


class FeedProblemTests(LaporTestCase):
    def test_malformed_items_are_kept_and_skipped_and_the_rest_applied(self) -> None:
        self.fake.add_raw_item({"jenis": "tindak_lanjut", "isi": "tanpa id"})
        self.fake.add_raw_item({"id": "upd-x1", "jenis": "disposisi", "laporan_id": "LPR-X1", "laporan": {"isi": ""}})
        self.fake.add_raw_item({"id": "upd-x2", "jenis": "pengumuman", "laporan_id": "LPR-X2"})
        good = self.fake.dispose_new_report(isi="Pohon tumbang menutup jalan di Lowokwaru.")

        report = self.sync()

        self.assertEqual((report.applied, report.failed), (1, 3))
        self.assertTrue(Complaint.objects.filter(intake_key=f"lapor:{good}").exists())
        self.assertEqual(Complaint.objects.count(), 1)
        failed = LaporInbound.objects.get(lapor_id="upd-x1")
        self.assertEqual(failed.state, InboundState.FAILED)
        self.assertIn("isi", failed.error)
        self.assertEqual(LaporInbound.objects.get(lapor_id="upd-x2").state, InboundState.FAILED)
        self.assertEqual(LaporCursor.objects.get().value, "k4")

    def test_a_cursor_lapor_no_longer_knows_is_dropped_and_the_feed_read_again_without_doubles(self) -> None:
        first = self.fake.dispose_new_report(isi="Lampu lalu lintas mati di perempatan Jl. Ijen.")
        self.assertEqual(self.sync(push=False).applied, 1)
        self.fake.dispose_new_report(isi="Saluran air meluap di depan pasar.")
        LaporCursor.objects.update(value="kursor-lama")  # LAPOR! reset its feed; our cursor means nothing now

        with self.assertLogs("sambat.lapor.sync", "WARNING"):
            report = self.sync(push=False)

        self.assertEqual((report.received, report.duplicates, report.applied), (2, 1, 1))
        self.assertEqual(Complaint.objects.count(), 2)
        self.assertEqual(Complaint.objects.filter(intake_key=f"lapor:{first}").count(), 1)
        self.assertEqual(LaporCursor.objects.get().value, "k2")
        self.assertEqual(self.sync(push=False).received, 0)

    def test_a_feed_that_cannot_be_read_keeps_the_cursor(self) -> None:
        self.fake.dispose_new_report(isi="Lampu lalu lintas mati di perempatan.")
        for fault in ("500", "refuse_auth"):
            with self.subTest(fault=fault):
                self.fake.fail_next(fault)
                report = self.sync(push=False)
                self.assertEqual(report.received, 0)
                self.assertTrue(report.errors)
        self.assertEqual(LaporCursor.objects.get_or_create(pk=1)[0].value, "")
        self.assertEqual(self.sync(push=False).applied, 1)
