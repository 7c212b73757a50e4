"""LAPOR! is down for a day while the city keeps working; when it comes back one run delivers everything, once,
in order, and reads what LAPOR! wrote meanwhile."""

import datetime as dt
from collections import Counter

from django.urls import reverse

from sambat.complaints.choices import EventType
from sambat.complaints.models import ComplaintEvent
from sambat.lapor.choices import PushStatus
from sambat.lapor.models import LaporInbound, LaporOutbox
from sambat.lapor.tests.helpers import LaporTestCase, frozen


class OutageTests(LaporTestCase):
    def act(self, complaint_pk: int, action: str, **data: str) -> None:
        response = self.client.post(reverse("staff:act", args=[complaint_pk, action]), data)
        self.assertEqual(response.status_code, 302, response.content[:500])

    def test_nothing_is_lost_or_doubled_when_lapor_is_down_for_a_day(self) -> None:
        roads = self.roads_complaint()
        parking = self.parking_complaint()
        start = roads.created_at

        # Morning: the verifier forwards the roads complaint; LAPOR! records it but its answer is lost.
        self.client.force_login(self.vera)
        self.client.post(self.forward_url(roads))
        self.fake.fail_next("lost")
        self.sync()
        self.assertEqual(len(self.fake.reports), 1)

        # LAPOR! goes down. The city keeps working.
        self.fake.go_offline()
        self.client.post(self.forward_url(parking))
        self.client.force_login(self.oscar)
        self.act(roads.pk, "respond", message="Tim DPUPRPKP meninjau lokasi hari ini.")
        self.act(roads.pk, "note", note="Internal: anggaran dari pos pemeliharaan.")
        self.client.force_login(self.bob)
        self.act(parking.pk, "start")
        self.client.force_login(self.oscar)
        self.act(roads.pk, "resolve", message="Lubang sudah ditambal dan diaspal ulang.")

        # The worker keeps trying through the day: refused connections, then server errors, then timeouts.
        with frozen(start + dt.timedelta(hours=1)):
            self.assertEqual(self.sync().sent, 0)
        self.fake.come_back()
        self.fake.fail_next("500", times=2)
        with frozen(start + dt.timedelta(hours=3)):
            self.assertEqual(self.sync().sent, 0)  # push and pull both meet a 500
        self.fake.fail_next("timeout", times=2)
        with frozen(start + dt.timedelta(hours=8)):
            self.assertEqual(self.sync().sent, 0)
        # Meanwhile, inside LAPOR!, its admin comments on the report Sambat sent in the morning.
        (roads_report_id,) = self.fake.reports
        self.fake.follow_up_from_lapor(roads_report_id, "Terima kasih, laporan dipantau.")
        self.assertEqual(self.fake.applied_keys(), [self.rows(roads)[0].idempotency_key])

        # A day later LAPOR! is back: one run.
        with frozen(start + dt.timedelta(days=1)):
            report = self.sync()

        expected = [row.idempotency_key for row in self.rows(roads)] + [
            row.idempotency_key for row in self.rows(parking)
        ]
        self.assertEqual(report.sent, len(expected))
        # The roads report reached LAPOR! in the morning: its retries (the slow one too) got LAPOR!'s first answer.
        self.assertEqual(set(self.fake.replayed), {expected[0]})
        self.assertEqual(sorted(self.fake.applied_keys()), sorted(expected))
        self.assertEqual([key for key, count in Counter(self.fake.applied_keys()).items() if count > 1], [])
        for complaint in (roads, parking):
            keys = [row.idempotency_key for row in self.rows(complaint)]
            self.assertEqual([key for key in self.fake.applied_keys() if key in keys], keys)  # in order
        self.assertEqual(len(self.fake.reports), 2)
        roads_report = self.fake.reports[roads_report_id]
        self.assertEqual(
            [entry["isi"] for entry in roads_report["tindak_lanjut"]],
            ["Tim DPUPRPKP meninjau lokasi hari ini.", "Lubang sudah ditambal dan diaspal ulang."],
        )
        self.assertNotIn("anggaran", str(roads_report))
        self.assertEqual(roads_report["status"], "selesai")
        self.assertFalse(LaporOutbox.objects.exclude(status=PushStatus.SENT).exists())
        updates = ComplaintEvent.objects.filter(event_type=EventType.LAPOR_UPDATE)
        self.assertEqual(
            list(updates.values_list("complaint", "public_message")), [(roads.pk, "Terima kasih, laporan dipantau.")]
        )

        # And a second run finds nothing left to do.
        with frozen(start + dt.timedelta(days=1, minutes=1)):
            again = self.sync()
        self.assertEqual((again.sent, again.applied), (0, 0))
        self.assertEqual(len(self.fake.applied), len(expected))
        self.assertEqual(updates.count(), 1)
        self.assertEqual(LaporInbound.objects.filter(state="applied").count(), 1)
