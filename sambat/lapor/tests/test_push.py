"""Follow-ups after the forward: what is queued, the order it leaves in, retries, refusals and two workers at once."""

import datetime as dt
from typing import Any
from unittest import mock

from django.utils import timezone

from sambat.complaints import actions as complaint_actions
from sambat.complaints.models import Complaint
from sambat.lapor import sync
from sambat.lapor.choices import PushKind, PushStatus
from sambat.lapor.client import LaporClient, configured_client
from sambat.lapor.models import LaporOutbox
from sambat.lapor.tests.helpers import LaporTestCase, frozen, later


class QueueTests(LaporTestCase):
    def test_public_steps_after_the_forward_are_queued_and_internal_ones_never(self) -> None:
        complaint = self.roads_complaint()
        complaint_actions.add_note(complaint=complaint, actor=self.oscar, note="Sebelum diteruskan.")
        self.forward(complaint)
        complaint_actions.add_note(complaint=complaint, actor=self.oscar, note="Catatan internal: kontraktor X.")
        complaint_actions.start_progress(complaint=complaint, actor=self.oscar)
        complaint_actions.respond(complaint=complaint, actor=self.oscar, message="Tim kami meninjau lokasi besok.")
        complaint_actions.add_instruction(complaint=complaint, actor=self.lena, instruction="Segera tangani.")
        complaint_actions.resolve_complaint(complaint=complaint, actor=self.oscar, message="Lubang sudah ditambal.")

        rows = self.rows(complaint)
        self.assertEqual(
            [row.kind for row in rows],
            [PushKind.REPORT, PushKind.FOLLOW_UP, PushKind.FOLLOW_UP, PushKind.FOLLOW_UP],
        )
        # Work started: the system's sentence, said in Indonesian.
        self.assertTrue(rows[1].payload["isi"])
        self.assertEqual((rows[1].payload["status"], rows[1].payload["pelaku"]), ("ditindaklanjuti", "instansi"))
        self.assertEqual(
            [(row.payload.get("isi"), row.payload["status"]) for row in rows[2:]],
            [("Tim kami meninjau lokasi besok.", "ditindaklanjuti"), ("Lubang sudah ditambal.", "selesai")],
        )
        everything = str([row.payload for row in rows])
        for internal in ("Sebelum diteruskan", "kontraktor X", "Segera tangani"):
            self.assertNotIn(internal, everything)

    def test_a_step_that_only_moves_the_complaint_is_a_status_change(self) -> None:
        complaint = self.triage_complaint()
        self.forward(complaint)
        with mock.patch("sambat.lapor.payloads.event_message", return_value=""):
            complaint_actions.assign_complaint(complaint=complaint, actor=self.vera, department=self.dishub)
        row = self.rows(complaint)[-1]
        self.assertEqual((row.kind, row.payload["status"]), (PushKind.STATUS, "didisposisikan"))
        self.assertEqual(set(row.payload), {"status", "dibuat_pada"})

    def test_a_queuing_failure_never_undoes_the_officer_s_action(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        with (
            mock.patch("sambat.lapor.actions.queue_event", side_effect=RuntimeError("disk full")),
            self.assertLogs("sambat.lapor.actions", "ERROR"),
        ):
            complaint_actions.respond(complaint=complaint, actor=self.oscar, message="Sudah kami cek.")
        self.assertEqual(self.reload(complaint).status, "in_progress")
        self.assertEqual(len(self.rows(complaint)), 1)


class PushTests(LaporTestCase):
    def linked_with_follow_ups(self) -> Complaint:
        complaint = self.roads_complaint()
        self.forward(complaint)
        complaint_actions.respond(complaint=complaint, actor=self.oscar, message="Kami jadwalkan perbaikan.")
        complaint_actions.resolve_complaint(complaint=complaint, actor=self.oscar, message="Sudah diperbaiki.")
        return complaint

    def test_it_sends_the_report_then_the_follow_ups_in_order(self) -> None:
        complaint = self.linked_with_follow_ups()
        report = self.sync()
        self.assertEqual(report.sent, 3)
        keys = [row.idempotency_key for row in self.rows(complaint)]
        self.assertEqual(self.fake.applied_keys(), keys)
        (lapor_report,) = self.fake.reports.values()
        self.assertEqual(
            [entry["isi"] for entry in lapor_report["tindak_lanjut"]],
            ["Kami jadwalkan perbaikan.", "Sudah diperbaiki."],
        )
        self.assertEqual(lapor_report["status"], "selesai")
        self.assertTrue(all(row.status == PushStatus.SENT and row.sent_at for row in self.rows(complaint)))
        self.assertEqual(self.link(complaint).lapor_status, "selesai")

    def test_no_follow_up_leaves_before_lapor_acknowledged_the_report(self) -> None:
        complaint = self.linked_with_follow_ups()
        self.fake.fail_next("500")
        report = self.sync()
        self.assertEqual((report.sent, report.retrying), (0, 1))
        self.assertEqual(self.fake.applied, [])
        first, *rest = self.rows(complaint)
        self.assertEqual((first.status, first.attempts), (PushStatus.PENDING, 1))
        self.assertIn("500", first.last_error)
        self.assertEqual([row.attempts for row in rest], [0, 0])
        self.assertEqual(self.sync().sent, 0)  # not due yet: it waits its backoff
        with frozen(later(minutes=3)):
            self.assertEqual(self.sync().sent, 3)
        self.assertEqual(self.fake.applied_keys(), [row.idempotency_key for row in self.rows(complaint)])

    def test_a_lost_answer_is_retried_and_lapor_records_the_report_once(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        self.fake.fail_next("lost")
        self.sync()
        self.assertEqual(len(self.fake.reports), 1)
        self.assertEqual(self.link(complaint).report_id, "")
        with frozen(later(minutes=3)):
            self.sync()
        (row,) = self.rows(complaint)
        self.assertEqual((row.status, row.attempts), (PushStatus.SENT, 2))
        self.assertEqual(len(self.fake.reports), 1)
        self.assertEqual(self.fake.replayed, [row.idempotency_key])
        self.assertEqual(self.link(complaint).report_id, next(iter(self.fake.reports)))

    def test_a_refused_row_is_marked_and_the_others_still_go(self) -> None:
        broken = self.roads_complaint()
        healthy = self.parking_complaint()
        self.forward(broken)
        self.forward(healthy)
        LaporOutbox.objects.filter(complaint=broken).update(payload={"judul": "tanpa isi"})
        report = self.sync()
        self.assertEqual((report.sent, report.refused), (1, 1))
        (row,) = self.rows(broken)
        self.assertEqual(row.status, PushStatus.FAILED)
        self.assertIn("422", row.last_error)
        self.assertIn("isi", row.last_error)
        self.assertEqual(self.rows(healthy)[0].status, PushStatus.SENT)
        self.client.force_login(self.vera)
        self.assertContains(self.client.get(self.page_url(broken)), "SP4N-LAPOR! refused 1 update")

    def test_an_outage_stops_the_run_without_spending_the_other_rows_attempts(self) -> None:
        first, second = self.roads_complaint(), self.parking_complaint()
        self.forward(first)
        self.forward(second)
        self.fake.go_offline()
        report = self.sync()
        self.assertEqual((report.sent, report.retrying), (0, 1))
        self.assertEqual([self.rows(first)[0].attempts, self.rows(second)[0].attempts], [1, 0])
        self.assertIn("not reached", self.rows(first)[0].last_error)

    def test_retries_back_off_up_to_an_hour(self) -> None:
        self.assertEqual(
            [sync.backoff(attempts) for attempts in (1, 2, 5, 6, 7, 30)],
            [dt.timedelta(minutes=minutes) for minutes in (2, 4, 32, 60, 60, 60)],
        )

    def test_two_workers_at_once_send_each_row_once(self) -> None:
        complaint = self.linked_with_follow_ups()
        real = LaporClient.create_report
        nested: list[sync.SyncReport] = []

        def create_while_another_worker_runs(client: LaporClient, *args: Any, **kwargs: Any) -> dict[str, Any]:
            # A second worker starts while the first one's request is on its way.
            nested.append(sync.run_sync(pull=False, client=configured_client()))
            return real(client, *args, **kwargs)

        with mock.patch.object(LaporClient, "create_report", create_while_another_worker_runs):
            first = self.sync(pull=False)

        self.assertEqual((first.sent, nested[0].sent), (3, 0))
        self.assertEqual(self.fake.applied_keys(), [row.idempotency_key for row in self.rows(complaint)])

    def test_a_row_left_sending_by_a_dead_worker_is_sent_after_its_lease(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        LaporOutbox.objects.filter(complaint=complaint).update(
            status=PushStatus.SENDING, attempts=1, next_attempt_at=timezone.now() + sync.SEND_LEASE
        )
        self.assertEqual(self.sync().sent, 0)
        with frozen(later(minutes=6)):
            self.assertEqual(self.sync().sent, 1)
        self.assertEqual(len(self.fake.reports), 1)

    def test_a_report_id_already_linked_elsewhere_is_refused_not_crashed_on(self) -> None:
        first, second = self.roads_complaint(), self.parking_complaint()
        self.forward(first)
        self.forward(second)
        answer = {"id": "LPR-000001", "nomor_tracking": "7000001", "status": "didisposisikan"}
        with mock.patch.object(LaporClient, "create_report", return_value=answer):
            report = self.sync(pull=False)
        self.assertEqual((report.sent, report.refused), (1, 1))
        self.assertEqual(self.link(first).report_id, "LPR-000001")
        self.assertEqual((self.link(second).report_id, self.rows(second)[0].status), ("", PushStatus.FAILED))
        self.assertIn("already linked", self.rows(second)[0].last_error)

    def test_a_follow_up_waiting_for_its_retry_holds_back_the_later_ones(self) -> None:
        complaint = self.roads_complaint()
        self.forward(complaint)
        self.sync()
        complaint_actions.respond(complaint=complaint, actor=self.oscar, message="Pertama.")
        self.fake.fail_next("500")
        self.sync()
        complaint_actions.resolve_complaint(complaint=complaint, actor=self.oscar, message="Kedua.")
        self.assertEqual(self.sync().sent, 0)  # "Kedua." is due, but "Pertama." waits for its retry
        with frozen(later(minutes=3)):
            self.assertEqual(self.sync().sent, 2)
        (lapor_report,) = self.fake.reports.values()
        self.assertEqual([entry["isi"] for entry in lapor_report["tindak_lanjut"]], ["Pertama.", "Kedua."])
