"""Two people (or workers) acting at the same moment: the row lock lets exactly one through."""

import threading
from collections.abc import Callable
from unittest import skipUnless

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TransactionTestCase, override_settings

from sambat.complaints import actions
from sambat.complaints.choices import EventType, Status
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import TransitionNotAllowed
from sambat.notifications.actions import deliver_due_messages, queue_message
from sambat.notifications.models import OutboxMessage


def run_together(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released at the same moment; returns each result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@skipUnless(connection.vendor == "postgresql", "row locks between connections are a PostgreSQL matter")
class ConcurrentActionTests(TransactionTestCase):
    def test_it_resolves_a_complaint_once_when_two_officers_click_together(self) -> None:
        department = f.make_department()
        first, second = f.make_user("officer", department), f.make_user("officer", department)
        complaint = f.make_complaint_in(Status.ASSIGNED, department=department, officer=first)

        results = run_together(
            lambda: actions.resolve_complaint(complaint=complaint, actor=first, message="Sudah."),
            lambda: actions.resolve_complaint(complaint=complaint, actor=second, message="Sudah juga."),
        )

        # The second click sees a resolved complaint: refused, whichever way the refusal is worded.
        refused = [r for r in results if isinstance(r, TransitionNotAllowed | PermissionDenied)]
        self.assertEqual(len(refused), 1, results)
        self.assertEqual(complaint.events.filter(event_type=EventType.RESOLVED).count(), 1)

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_it_sends_each_message_once_with_two_workers(self) -> None:
        mail.outbox = []
        for i in range(30):
            queue_message(channel="email", recipient=f"warga{i}@example.org", body="x", dedupe_key=f"k{i}")

        results = run_together(deliver_due_messages, deliver_due_messages)

        self.assertEqual(sum(r for r in results if isinstance(r, int)), 30, results)
        recipients = [message.to[0] for message in mail.outbox]
        self.assertEqual(len(recipients), 30)
        self.assertEqual(len(set(recipients)), 30)
        self.assertEqual(set(OutboxMessage.objects.values_list("status", "attempts")), {("sent", 1)})
