"""Every staff routing decision is stored as a labelled example, in the same transaction as the decision."""

from unittest import mock

from django.test import TestCase

from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.routing.choices import ExampleKind
from sambat.routing.models import RoutingExample, RoutingPolicy


class ExampleRecordingTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        # Texts without a category would otherwise reach the classifier; these tests are about the rest.
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})

    def only_example(self, complaint: Complaint) -> RoutingExample:
        examples = list(RoutingExample.objects.filter(complaint=complaint))
        self.assertEqual(len(examples), 1, examples)
        return examples[0]

    def test_it_records_a_triage_assignment(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=None)
        actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub, category=p.parking)
        example = self.only_example(complaint)
        self.assertEqual(
            (example.kind, example.department, example.category, example.actor, example.rejected_department),
            (ExampleKind.TRIAGE_ASSIGNMENT, p.dishub, p.parking, p.vera, None),
        )

    def test_it_records_a_correction(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        example = self.only_example(complaint)
        self.assertEqual(
            (example.kind, example.department, example.category), (ExampleKind.CORRECTION, p.dishub, p.roads)
        )

    def test_it_records_a_category_correction_with_the_current_department(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        actions.correct_details(complaint=complaint, actor=p.vera, category=p.parking)
        example = self.only_example(complaint)
        self.assertEqual(
            (example.kind, example.department, example.category),
            (ExampleKind.CATEGORY_CORRECTION, p.dpuprpkp, p.parking),
        )

    def test_it_records_nothing_when_only_the_kind_is_corrected(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        actions.correct_details(complaint=complaint, actor=p.vera, category=p.roads, kind="aspirasi")
        self.assertFalse(RoutingExample.objects.exists())

    def test_it_records_a_return_as_a_negative_example(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Bukan jalan kota.")
        example = self.only_example(complaint)
        self.assertEqual(
            (example.kind, example.department, example.rejected_department, example.actor),
            (ExampleKind.NOT_OUR_REMIT, None, p.dpuprpkp, p.oscar),
        )

    def test_citizens_and_the_system_record_nothing(self) -> None:
        p = self.people
        complaint = f.make_complaint_in(Status.RESOLVED, department=p.dpuprpkp, officer=p.oscar)
        RoutingExample.objects.all().delete()
        actions.reopen_complaint(complaint=complaint, reason="Masih rusak.", actor=p.alice)
        resolved = actions.resolve_complaint(complaint=complaint, actor=p.oscar, message="Sudah.")
        actions.rate_complaint(complaint=resolved, rating=5, actor=p.alice)
        f.make_complaint(category=p.parking)  # routed by the system
        f.make_complaint(category=None)  # sent to triage by the system
        self.assertFalse(RoutingExample.objects.exists())

    def test_a_failed_decision_records_no_example(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=None)
        with (
            mock.patch("sambat.complaints.actions.notify.complaint_assigned", side_effect=RuntimeError("down")),
            self.assertRaises(RuntimeError),
        ):
            actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        self.assertFalse(RoutingExample.objects.exists())
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.TRIAGE)

    def test_it_marks_an_automatic_route_as_corrected_once(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads)
        self.assertIsNone(complaint.routing_corrected_at)
        complaint = actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Bukan kami.")
        first = complaint.routing_corrected_at
        self.assertIsNotNone(first)
        complaint = actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        complaint = actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dpuprpkp)
        complaint.refresh_from_db()
        self.assertEqual(complaint.routing_corrected_at, first)
        self.assertEqual(RoutingExample.objects.filter(complaint=complaint).count(), 3)

    def test_a_manual_assignment_is_not_an_automatic_route_to_correct(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=None)
        complaint = actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        complaint = actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dpuprpkp)
        complaint.refresh_from_db()
        self.assertEqual(complaint.auto_routing_source, "")
        self.assertIsNone(complaint.routing_corrected_at)
