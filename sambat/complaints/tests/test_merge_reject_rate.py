"""Verifier decisions (merge, reject, assign) and the citizen's rating: the rules beyond the state table."""

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import TestCase
from django.utils import translation

from sambat.complaints import actions
from sambat.complaints.choices import EventType, Kind, RoutingSource, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.complaints.wording import event_message
from sambat.complaints.workflow import TransitionNotAllowed


class UnchangedMixin:
    def assert_unchanged(self, complaint: Complaint, action: object, error: type[Exception]) -> None:
        before = model_to_dict(Complaint.objects.get(pk=complaint.pk))
        events = f.event_count(complaint)
        with self.assertRaises(error):  # type: ignore[attr-defined]
            action()  # type: ignore[operator]
        self.assertEqual(model_to_dict(Complaint.objects.get(pk=complaint.pk)), before)  # type: ignore[attr-defined]
        self.assertEqual(f.event_count(complaint), events)  # type: ignore[attr-defined]


class MergeTests(UnchangedMixin, TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_merges_a_duplicate_into_the_complaint_that_carries_the_handling(self) -> None:
        p = self.people
        target = f.make_complaint_in(Status.IN_PROGRESS, department=p.dpuprpkp, officer=p.oscar)
        duplicate = f.make_complaint_in(Status.TRIAGE, reporter_email="warga@example.org")
        actions.merge_complaint(complaint=duplicate, actor=p.vera, into=target, note="Lokasi sama")

        duplicate.refresh_from_db()
        self.assertEqual(duplicate.status, Status.MERGED)
        self.assertEqual(duplicate.merged_into, target)
        self.assertIsNotNone(duplicate.closed_at)
        merged = duplicate.events.order_by("-id").first()
        assert merged is not None
        self.assertEqual(merged.event_type, EventType.MERGED)
        self.assertIn(target.tracking_code, event_message(merged))
        self.assertEqual(merged.internal_note, "Lokasi sama")
        note = target.events.order_by("-id").first()
        assert note is not None
        self.assertEqual((note.event_type, note.is_public), (EventType.NOTE, False))
        self.assertEqual(note.data, {"merged": duplicate.tracking_code})
        target.refresh_from_db()
        self.assertEqual(target.status, Status.IN_PROGRESS)
        self.assertTrue(duplicate.outbox_messages.filter(body__contains=target.tracking_code).exists())

    def test_it_refuses_to_merge_a_complaint_into_itself(self) -> None:
        complaint = f.make_complaint_in(Status.TRIAGE)
        self.assert_unchanged(
            complaint,
            lambda: actions.merge_complaint(complaint=complaint, actor=self.people.vera, into=complaint),
            ValidationError,
        )

    def test_it_refuses_a_merged_or_rejected_target(self) -> None:
        for status in (Status.MERGED, Status.REJECTED):
            with self.subTest(target=status):
                target = f.make_complaint_in(status, verifier=self.people.vera)
                complaint = f.make_complaint_in(Status.TRIAGE)
                target_before = model_to_dict(Complaint.objects.get(pk=target.pk))
                self.assert_unchanged(
                    complaint,
                    lambda: actions.merge_complaint(complaint=complaint, actor=self.people.vera, into=target),  # noqa: B023
                    ValidationError,
                )
                self.assertEqual(model_to_dict(Complaint.objects.get(pk=target.pk)), target_before)


class RejectTests(UnchangedMixin, TestCase):
    def test_it_rejects_with_the_reason_shown_to_the_citizen(self) -> None:
        vera = f.make_user("admin")
        complaint = f.make_complaint_in(Status.TRIAGE)
        actions.reject_complaint(complaint=complaint, actor=vera, reason="  Promosi produk, bukan pengaduan. ")
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.REJECTED)
        self.assertIsNotNone(complaint.closed_at)
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual(event.public_message, "Promosi produk, bukan pengaduan.")
        self.assertTrue(event.is_public)

    def test_it_needs_a_reason(self) -> None:
        vera = f.make_user("admin")
        complaint = f.make_complaint_in(Status.TRIAGE)
        for reason in ("", "   ", "\x00\n"):
            with self.subTest(reason=reason):
                self.assert_unchanged(
                    complaint,
                    lambda: actions.reject_complaint(complaint=complaint, actor=vera, reason=reason),  # noqa: B023
                    ValidationError,
                )


class AssignTests(UnchangedMixin, TestCase):
    def test_it_assigns_from_triage_fixing_the_category(self) -> None:
        vera = f.make_user("admin")
        department = f.make_department()
        category = f.make_category(department=department, sla_resolve_days=14)
        complaint = f.make_complaint_in(Status.TRIAGE)
        actions.assign_complaint(complaint=complaint, actor=vera, department=department, category=category, note="ok")
        complaint.refresh_from_db()
        self.assertEqual(
            (complaint.status, complaint.department, complaint.category), (Status.ASSIGNED, department, category)
        )
        self.assertEqual(complaint.routing_source, RoutingSource.MANUAL)
        self.assertEqual(complaint.triage_reason, "")
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual((event.data["department"], event.data["category"]), (department.code, category.code))
        with translation.override("en"):
            self.assertEqual(event_message(event), f"Verified and sent to {department.name}.")

    def test_it_refuses_an_inactive_department(self) -> None:
        vera = f.make_user("admin")
        complaint = f.make_complaint_in(Status.TRIAGE)
        closed = f.make_department(is_active=False)
        self.assert_unchanged(
            complaint,
            lambda: actions.assign_complaint(complaint=complaint, actor=vera, department=closed),
            ValidationError,
        )

    def test_it_refuses_to_reassign_to_an_inactive_department(self) -> None:
        vera = f.make_user("admin")
        complaint = f.make_complaint_in(Status.ASSIGNED)
        closed = f.make_department(is_active=False)
        self.assert_unchanged(
            complaint,
            lambda: actions.reassign_complaint(complaint=complaint, actor=vera, department=closed),
            ValidationError,
        )

    def test_it_refuses_to_reassign_to_the_same_department(self) -> None:
        vera = f.make_user("admin")
        department = f.make_department()
        complaint = f.make_complaint_in(Status.ASSIGNED, department=department)
        self.assert_unchanged(
            complaint,
            lambda: actions.reassign_complaint(complaint=complaint, actor=vera, department=department),
            ValidationError,
        )

    def test_it_corrects_details_and_keeps_the_old_values(self) -> None:
        vera = f.make_user("admin")
        old = f.make_category()
        new = f.make_category()
        complaint = f.make_complaint_in(Status.TRIAGE)
        complaint = actions.correct_details(complaint=complaint, actor=vera, category=old)
        actions.correct_details(complaint=complaint, actor=vera, category=new, kind=Kind.ASPIRASI)
        complaint.refresh_from_db()
        self.assertEqual((complaint.category, complaint.kind), (new, Kind.ASPIRASI))
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual(event.data["before"], {"category": old.code, "kind": Kind.PENGADUAN})
        self.assertFalse(event.is_public)
        self.assert_unchanged(
            complaint,
            lambda: actions.correct_details(complaint=complaint, actor=vera, category=new, kind="bogus"),
            ValidationError,
        )


class RatingTests(UnchangedMixin, TestCase):
    def test_it_closes_a_resolved_complaint_when_rated(self) -> None:
        complaint = f.make_complaint_in(Status.RESOLVED)
        actions.rate_complaint(complaint=complaint, rating=5, comment=" Cepat\x00 sekali ")
        complaint.refresh_from_db()
        self.assertEqual(
            (complaint.status, complaint.rating, complaint.rating_comment), (Status.CLOSED, 5, "Cepat sekali")
        )
        self.assertIsNotNone(complaint.closed_at)
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual(
            (event.event_type, event.from_status, event.to_status), (EventType.RATED, "resolved", "closed")
        )
        self.assertEqual(event.data, {"rating": 5})

    def test_it_rates_an_auto_closed_complaint_without_reclosing_it(self) -> None:
        complaint = f.make_complaint_in(Status.CLOSED)
        closed_at = Complaint.objects.get(pk=complaint.pk).closed_at
        actions.rate_complaint(complaint=complaint, rating=2)
        complaint.refresh_from_db()
        self.assertEqual((complaint.status, complaint.rating, complaint.closed_at), (Status.CLOSED, 2, closed_at))

    def test_it_accepts_every_rating_from_one_to_five(self) -> None:
        for rating in range(1, 6):
            with self.subTest(rating=rating):
                complaint = actions.rate_complaint(complaint=f.make_complaint_in(Status.RESOLVED), rating=rating)
                self.assertEqual(complaint.rating, rating)

    def test_it_refuses_ratings_outside_one_to_five(self) -> None:
        complaint = f.make_complaint_in(Status.RESOLVED)
        for rating in (0, 6, -1, "5", 4.5, None, True):
            with self.subTest(rating=rating):
                self.assert_unchanged(
                    complaint,
                    lambda: actions.rate_complaint(complaint=complaint, rating=rating),  # type: ignore[arg-type]  # noqa: B023
                    ValidationError,
                )

    def test_it_accepts_one_rating_only(self) -> None:
        complaint = f.make_complaint_in(Status.RESOLVED)
        actions.rate_complaint(complaint=complaint, rating=4)
        self.assert_unchanged(
            complaint, lambda: actions.rate_complaint(complaint=complaint, rating=1), TransitionNotAllowed
        )
        self.assertEqual(Complaint.objects.get(pk=complaint.pk).rating, 4)

    def test_it_refuses_a_rating_before_resolution(self) -> None:
        complaint = f.make_complaint_in(Status.IN_PROGRESS)
        self.assert_unchanged(
            complaint, lambda: actions.rate_complaint(complaint=complaint, rating=5), TransitionNotAllowed
        )
