"""ComplaintEvent is append-only: nothing rewrites or removes an event, by any path."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import TestCase

from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.tests import factories as f


class AppendOnlyEventTests(TestCase):
    complaint: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        cls.complaint = f.make_complaint()

    def snapshot(self) -> list[tuple]:
        return list(ComplaintEvent.objects.order_by("id").values_list("id", "event_type", "public_message"))

    def test_it_refuses_to_save_an_existing_event(self) -> None:
        before = self.snapshot()
        event = ComplaintEvent.objects.filter(complaint=self.complaint).first()
        assert event is not None
        event.public_message = "rewritten history"
        with self.assertRaises(TypeError):
            event.save()
        with self.assertRaises(TypeError):
            event.save(update_fields=["public_message"])
        self.assertEqual(self.snapshot(), before)

    def test_it_never_overwrites_an_event_with_a_new_one_of_the_same_id(self) -> None:
        before = self.snapshot()
        existing = ComplaintEvent.objects.filter(complaint=self.complaint).first()
        assert existing is not None
        impostor = ComplaintEvent(
            pk=existing.pk,
            complaint=self.complaint,
            created_at=existing.created_at,
            event_type="note",
            actor_kind="system",
            public_message="forged",
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            impostor.save()
        self.assertEqual(self.snapshot(), before)

    def test_it_refuses_to_delete_an_event(self) -> None:
        before = self.snapshot()
        event = ComplaintEvent.objects.filter(complaint=self.complaint).first()
        assert event is not None
        with self.assertRaises(TypeError):
            event.delete()
        self.assertEqual(self.snapshot(), before)

    def test_it_refuses_queryset_updates_and_deletes(self) -> None:
        before = self.snapshot()
        for attempt in (
            lambda: ComplaintEvent.objects.all().update(public_message="x"),
            lambda: ComplaintEvent.objects.filter(complaint=self.complaint).delete(),
            lambda: ComplaintEvent.objects.all().delete(),
            lambda: self.complaint.events.update(is_public=False),
            lambda: self.complaint.events.all().delete(),
            lambda: ComplaintEvent.objects.bulk_update(list(ComplaintEvent.objects.all()), ["public_message"]),
        ):
            # bulk_update runs in atomic(savepoint=False): give it a savepoint so the test can carry on.
            with self.subTest(), self.assertRaises(TypeError), transaction.atomic():
                attempt()
        self.assertEqual(self.snapshot(), before)

    def test_it_keeps_a_complaint_with_events_from_being_deleted(self) -> None:
        with self.assertRaises(ProtectedError):
            Complaint.objects.get(pk=self.complaint.pk).delete()
        self.assertTrue(Complaint.objects.filter(pk=self.complaint.pk).exists())

    def test_it_still_adds_new_events(self) -> None:
        count = f.event_count(self.complaint)
        ComplaintEvent.objects.create(complaint=self.complaint, event_type="note", actor_kind="system")
        self.assertEqual(f.event_count(self.complaint), count + 1)
