"""support_complaint / withdraw_support, and add_citizen_photos: who may, when, and that repeating changes nothing."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from sambat.complaints import actions
from sambat.complaints.choices import EventType, Privacy, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent, Supporter
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import TransitionNotAllowed


class SupportTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def in_progress(self, **kwargs: Any) -> Complaint:
        return f.make_complaint_in(Status.IN_PROGRESS, department=self.people.dpuprpkp, **kwargs)

    def test_it_counts_a_citizen_once_and_writes_no_event(self) -> None:
        complaint = self.in_progress(reporter=self.people.alice)
        events = f.event_count(complaint)

        first = actions.support_complaint(complaint=complaint, user=self.people.charlie)
        second = actions.support_complaint(complaint=complaint, user=self.people.charlie)

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Supporter.objects.filter(complaint=complaint).count(), 1)
        self.assertEqual(f.event_count(complaint), events)

    def test_withdrawing_removes_the_support_and_repeating_it_is_harmless(self) -> None:
        complaint = self.in_progress()
        actions.support_complaint(complaint=complaint, user=self.people.charlie)

        self.assertTrue(actions.withdraw_support(complaint=complaint, user=self.people.charlie))
        self.assertFalse(actions.withdraw_support(complaint=complaint, user=self.people.charlie))
        self.assertFalse(Supporter.objects.exists())

    def test_only_other_citizens_may_support(self) -> None:
        complaint = self.in_progress(reporter=self.people.alice)
        with self.assertRaises(ValidationError):
            actions.support_complaint(complaint=complaint, user=self.people.alice)
        for user in (self.people.oscar, self.people.vera, self.people.kim):
            with self.subTest(role=user.role), self.assertRaises(PermissionDenied):
                actions.support_complaint(complaint=complaint, user=user)
        self.people.charlie.is_active = False
        with self.assertRaises(PermissionDenied):
            actions.support_complaint(complaint=complaint, user=self.people.charlie)
        self.assertFalse(Supporter.objects.exists())

    def test_only_public_complaints_the_department_still_works_on(self) -> None:
        confidential = self.in_progress(privacy=Privacy.CONFIDENTIAL)
        with self.assertRaises(PermissionDenied):
            actions.support_complaint(complaint=confidential, user=self.people.charlie)
        for status in (Status.TRIAGE, Status.RESOLVED, Status.REJECTED):
            complaint = f.make_complaint_in(status, department=self.people.dpuprpkp)
            with self.subTest(status=status), self.assertRaises(TransitionNotAllowed):
                actions.support_complaint(complaint=complaint, user=self.people.charlie)
        anonymous = self.in_progress(privacy=Privacy.ANONYMOUS)
        actions.support_complaint(complaint=anonymous, user=self.people.charlie)
        self.assertEqual(Supporter.objects.get().complaint, anonymous)


@override_settings(SAMBAT_MAX_IMAGES=3)
class AddCitizenPhotosTests(f.TemporaryMediaMixin, TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_adds_photos_as_a_citizen_step_without_changing_the_status(self) -> None:
        complaint = f.make_complaint_in(Status.ASSIGNED, department=self.people.dpuprpkp)

        event = actions.add_citizen_photos(complaint=complaint, photos=f.clean_photos(2), actor=None)

        self.assertEqual(
            (event.event_type, event.from_status, event.to_status),
            (EventType.CITIZEN_REPLIED, Status.ASSIGNED, Status.ASSIGNED),
        )
        self.assertEqual(Attachment.objects.filter(event=event).count(), 2)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ASSIGNED)

    def test_confidential_reports_keep_their_photos_private(self) -> None:
        complaint = f.make_complaint_in(Status.ASSIGNED, department=self.people.dpuprpkp, privacy=Privacy.CONFIDENTIAL)
        event = actions.add_citizen_photos(complaint=complaint, photos=f.clean_photos(1))
        self.assertFalse(Attachment.objects.get(event=event).is_public)

    def test_it_refuses_once_the_department_acted_or_the_window_closed(self) -> None:
        answered = f.make_complaint_in(Status.IN_PROGRESS, department=self.people.dpuprpkp)
        old = f.backdate(
            f.make_complaint_in(Status.TRIAGE),
            created_at=timezone.now() - actions.CITIZEN_PHOTO_WINDOW - dt.timedelta(1),
        )
        for complaint in (answered, old):
            events = f.event_count(complaint)
            with self.assertRaises(TransitionNotAllowed):
                actions.add_citizen_photos(complaint=complaint, photos=f.clean_photos(1))
            self.assertEqual(f.event_count(complaint), events)

    def test_it_keeps_to_the_photo_limit_and_needs_a_photo(self) -> None:
        complaint = f.make_complaint_in(Status.TRIAGE, photos=f.clean_photos(2))
        with self.assertRaises(ValidationError):
            actions.add_citizen_photos(complaint=complaint, photos=f.clean_photos(2))
        with self.assertRaises(ValidationError):
            actions.add_citizen_photos(complaint=complaint, photos=[])
        self.assertEqual(Attachment.objects.filter(complaint=complaint).count(), 2)
        self.assertEqual(
            ComplaintEvent.objects.filter(complaint=complaint, event_type=EventType.CITIZEN_REPLIED).count(), 0
        )
