"""The SP4N-LAPOR! tests' base: the staff personas, a fake LAPOR! on 127.0.0.1 and the connector pointed at it."""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sambat.complaints.models import Complaint
from sambat.lapor import actions
from sambat.lapor.models import LaporLink, LaporOutbox
from sambat.lapor.sync import SyncReport, run_sync
from sambat.lapor.tests.fake_lapor import TOKEN, FakeLapor
from sambat.staff.tests.personas import StaffTestCase

# The client waits two seconds (ample for a local answer on a busy machine); the fake's "timeout" answers after 2.6.
CLIENT_TIMEOUT = 2


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Every timezone.now() (actions, the worker, auto_now fields) returns `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def later(**delta: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(**delta)


class LaporTestCase(StaffTestCase):
    """Personas of the staff tests, the fake LAPOR! (reset before each test) and the connector configured for it."""

    fake: FakeLapor

    @classmethod
    def setUpClass(cls) -> None:
        # Outages and refusals are expected here; keep the worker's warnings out of the test output.
        lapor_logger = logging.getLogger("sambat.lapor")
        cls.addClassCleanup(lapor_logger.setLevel, lapor_logger.level)
        lapor_logger.setLevel(logging.CRITICAL)
        cls.fake = FakeLapor()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.enterClassContext(
            override_settings(
                SAMBAT_LAPOR_BASE_URL=cls.fake.url,
                SAMBAT_LAPOR_TOKEN=TOKEN,
                SAMBAT_LAPOR_TIMEOUT_SECONDS=CLIENT_TIMEOUT,
                SAMBAT_LAPOR_FORWARD_ALL=False,
            )
        )
        super().setUpClass()

    def setUp(self) -> None:
        super().setUp()
        self.fake.come_back()
        self.fake.reset()

    def tearDown(self) -> None:
        self.fake.wait_idle()
        super().tearDown()

    # --- helpers ---------------------------------------------------------------------------------------------------

    def sync(self, *, push: bool = True, pull: bool = True) -> SyncReport:
        report = run_sync(push=push, pull=pull)
        self.fake.wait_idle()
        return report

    def forward(self, complaint: Complaint) -> LaporLink:
        return actions.forward_to_lapor(complaint=complaint, actor=self.vera)

    def forward_url(self, complaint: Complaint) -> str:
        return reverse("staff:lapor_forward", args=[complaint.pk])

    def page_url(self, complaint: Complaint) -> str:
        return reverse("staff:complaint", args=[complaint.pk])

    @staticmethod
    def rows(complaint: Complaint) -> list[LaporOutbox]:
        return list(LaporOutbox.objects.filter(complaint=complaint).order_by("id"))

    @staticmethod
    def link(complaint: Complaint) -> LaporLink:
        return LaporLink.objects.get(complaint=complaint)
