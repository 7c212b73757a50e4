"""submit_complaint: storing, routing, tracking codes and refusing bad input."""

import re
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils.translation import gettext
from PIL import Image

from sambat.agencies.models import Department
from sambat.complaints import actions
from sambat.complaints.choices import ActorKind, EventType, Kind, Privacy, RoutingSource, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.tests import factories as f
from sambat.lib.codes import ALPHABET
from sambat.notifications.models import OutboxMessage

TRACKING_CODE = re.compile(rf"^SBT-[{ALPHABET}]{{6}}$")


class SubmitRoutingTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_routes_a_category_to_its_default_department(self) -> None:
        complaint = f.make_complaint(category=self.people.roads, reporter=self.people.alice)

        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.department, self.people.dpuprpkp)
        self.assertEqual(complaint.routing_source, RoutingSource.CATEGORY)
        self.assertIsNotNone(complaint.verify_due_at)
        assert complaint.assigned_at is not None
        assert complaint.respond_due_at is not None and complaint.resolve_due_at is not None
        self.assertGreater(complaint.respond_due_at, complaint.assigned_at)
        self.assertGreater(complaint.resolve_due_at, complaint.respond_due_at)
        events = list(complaint.events.order_by("id"))
        self.assertEqual([e.event_type for e in events], [EventType.SUBMITTED, EventType.ROUTED])
        submitted, routed = events
        self.assertEqual((submitted.from_status, submitted.to_status), ("", Status.RECEIVED))
        self.assertEqual(submitted.actor, self.people.alice)
        self.assertEqual(submitted.actor_kind, ActorKind.CITIZEN)
        self.assertEqual((routed.from_status, routed.to_status), (Status.RECEIVED, Status.ASSIGNED))
        self.assertEqual(routed.actor_kind, ActorKind.SYSTEM)
        self.assertEqual(routed.department, self.people.dpuprpkp)
        self.assertTrue(routed.is_public)

    def test_it_sends_a_complaint_without_category_to_triage_with_a_reason(self) -> None:
        complaint = f.make_complaint(category=None)

        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.TRIAGE)
        self.assertIsNone(complaint.department)
        self.assertTrue(complaint.triage_reason.startswith(gettext("No category chosen")), complaint.triage_reason)
        self.assertIsNone(complaint.respond_due_at)
        self.assertIsNotNone(complaint.verify_due_at)
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual(event.event_type, EventType.SENT_TO_TRIAGE)
        self.assertEqual((event.from_status, event.to_status), (Status.RECEIVED, Status.TRIAGE))
        self.assertTrue(event.internal_note.startswith(gettext("No category chosen")))

    def test_it_sends_a_category_without_active_department_to_triage(self) -> None:
        closed = f.make_department(is_active=False)
        category = f.make_category(department=closed)
        complaint = f.make_complaint(category=category)
        self.assertEqual(complaint.status, Status.TRIAGE)
        self.assertEqual(complaint.category, category)
        self.assertTrue(
            complaint.triage_reason.startswith(gettext("Category has no active department")), complaint.triage_reason
        )

    def test_it_routes_a_kecamatan_category_to_the_office_of_the_pin(self) -> None:
        complaint = f.make_complaint(
            category=self.people.public_order, latitude=f.MALANG_LAT + 0.002, longitude=f.MALANG_LON - 0.003
        )
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.area, self.people.kelurahan)
        self.assertEqual(complaint.kecamatan, self.people.kecamatan)
        self.assertEqual(complaint.department, self.people.kecamatan_office)
        self.assertEqual(complaint.routing_source, RoutingSource.AREA)

    def test_it_sends_a_kecamatan_category_without_pin_to_triage(self) -> None:
        complaint = f.make_complaint(category=self.people.public_order)
        self.assertEqual(complaint.status, Status.TRIAGE)
        self.assertTrue(
            complaint.triage_reason.startswith(gettext("Location needed to find the kecamatan office")),
            complaint.triage_reason,
        )

    def test_it_uses_the_default_department_when_the_pin_is_outside_every_kecamatan(self) -> None:
        category = f.make_category(department=self.people.dpuprpkp, handled_by_kecamatan=True)
        complaint = f.make_complaint(category=category, latitude=f.OUTSIDE_LAT, longitude=f.OUTSIDE_LON)
        self.assertIsNone(complaint.area)
        self.assertEqual(complaint.department, self.people.dpuprpkp)
        self.assertEqual(complaint.routing_source, RoutingSource.CATEGORY)

    def test_it_stores_the_complaint_in_triage_when_routing_fails(self) -> None:
        with (
            mock.patch("sambat.complaints.actions.decide_route", side_effect=RuntimeError("model missing")),
            self.assertLogs("sambat.complaints.actions", level="ERROR"),
        ):
            complaint = f.make_complaint(category=self.people.roads)

        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.TRIAGE)
        self.assertEqual(complaint.category, self.people.roads)
        self.assertEqual(complaint.triage_reason, gettext("Automatic routing failed"))
        self.assertEqual(
            list(complaint.events.values_list("event_type", flat=True).order_by("id")),
            [EventType.SUBMITTED, EventType.SENT_TO_TRIAGE],
        )

    def test_it_keeps_the_complaint_when_routing_fails_after_writing(self) -> None:
        # A routing rule that wrote something before failing must not leave half its work behind.
        def broken_route(**kwargs: object) -> None:
            f.make_department(code="half-written")
            raise RuntimeError("rule crashed")

        with (
            mock.patch("sambat.complaints.actions.decide_route", side_effect=broken_route),
            self.assertLogs("sambat.complaints.actions", level="ERROR"),
        ):
            complaint = f.make_complaint(category=self.people.roads)

        self.assertTrue(Complaint.objects.filter(pk=complaint.pk, status=Status.TRIAGE).exists())
        self.assertFalse(Department.objects.filter(code="half-written").exists())

    def test_it_records_an_assistant_as_the_submitter(self) -> None:
        complaint = f.make_complaint(assisted_by=self.people.kim, reporter_name="Bu Sumi", channel="assisted")
        submitted = complaint.events.get(event_type=EventType.SUBMITTED)
        self.assertEqual(submitted.actor, self.people.kim)
        self.assertEqual(submitted.actor_kind, ActorKind.ASSISTANT)
        self.assertEqual(submitted.data, {"channel": "assisted"})

    def test_it_queues_the_confirmation_and_the_assignment_messages(self) -> None:
        complaint = f.make_complaint(category=self.people.roads, reporter_email="warga@example.org")
        recipients = sorted(OutboxMessage.objects.filter(complaint=complaint).values_list("recipient", flat=True))
        # received + assigned to the citizen, the new-complaint alert to the department's address
        self.assertEqual(recipients, ["dpuprpkp@example.org", "warga@example.org", "warga@example.org"])
        received = OutboxMessage.objects.filter(complaint=complaint, recipient="warga@example.org").first()
        assert received is not None
        self.assertIn(complaint.tracking_code, received.subject)
        self.assertIn(complaint.citizen_key, received.body)


class TrackingCodeTests(TestCase):
    def test_it_gives_each_complaint_a_readable_unique_code(self) -> None:
        codes = [f.make_complaint().tracking_code for _ in range(20)]
        for code in codes:
            self.assertRegex(code, TRACKING_CODE)
        self.assertEqual(len(set(codes)), len(codes))

    def test_it_gives_each_complaint_a_private_key_unlike_the_code(self) -> None:
        first, second = f.make_complaint(), f.make_complaint()
        self.assertGreaterEqual(len(first.citizen_key), 32)
        self.assertNotEqual(first.citizen_key, second.citizen_key)

    def test_it_draws_another_code_after_a_collision(self) -> None:
        existing = f.make_complaint()
        with mock.patch(
            "sambat.complaints.actions.new_tracking_code", side_effect=[existing.tracking_code, "SBT-NEW234"]
        ) as generator:
            complaint = f.make_complaint()
        self.assertEqual(generator.call_count, 2)
        self.assertEqual(complaint.tracking_code, "SBT-NEW234")
        self.assertEqual(Complaint.objects.count(), 2)

    def test_it_gives_up_after_repeated_collisions_and_saves_nothing(self) -> None:
        existing = f.make_complaint()
        events = ComplaintEvent.objects.count()
        with (
            mock.patch("sambat.complaints.actions.new_tracking_code", return_value=existing.tracking_code),
            self.assertRaises(RuntimeError),
        ):
            f.make_complaint()
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(ComplaintEvent.objects.count(), events)


class SubmitCleaningTests(TestCase):
    def test_it_removes_control_characters_and_keeps_html_as_typed(self) -> None:
        text = "Got\x00 tersumbat <script>alert('x')</script> & <b>banjir</b>\r\nbaris dua\x07"
        complaint = f.make_complaint(text=text, title="  Judul\x00 <i>miring</i>  ", reporter_name="Budi\x00")
        complaint.refresh_from_db()
        self.assertEqual(complaint.text, "Got tersumbat <script>alert('x')</script> & <b>banjir</b>\nbaris dua")
        self.assertEqual(complaint.title, "Judul <i>miring</i>")
        self.assertEqual(complaint.reporter_name, "Budi")

    def test_it_stores_coordinates_with_six_decimals(self) -> None:
        complaint = f.make_complaint(latitude=-7.97970049, longitude=112.6304)
        complaint.refresh_from_db()
        self.assertEqual(complaint.latitude, Decimal("-7.979700"))
        self.assertEqual(complaint.longitude, Decimal("112.630400"))

    def test_it_keeps_the_kind_privacy_and_extra_answers(self) -> None:
        complaint = f.make_complaint(kind=Kind.ASPIRASI, privacy=Privacy.ANONYMOUS, extra={"rt": "03"})
        complaint.refresh_from_db()
        self.assertEqual(
            (complaint.kind, complaint.privacy, complaint.extra), (Kind.ASPIRASI, "anonymous", {"rt": "03"})
        )


class SubmitRefusalTests(f.TemporaryMediaMixin, TestCase):
    def assert_refused(self, **kwargs: object) -> None:
        with self.assertRaises(ValidationError):
            f.make_complaint(**kwargs)
        self.assertEqual(Complaint.objects.count(), 0)
        self.assertEqual(ComplaintEvent.objects.count(), 0)
        self.assertEqual(OutboxMessage.objects.count(), 0)
        self.assertEqual(Attachment.objects.count(), 0)

    def test_it_refuses_empty_text(self) -> None:
        for text in ("", "   \n\t ", "\x00\x00"):
            with self.subTest(text=text):
                self.assert_refused(text=text, reporter_email="a@example.org")

    def test_it_refuses_text_beyond_the_limit(self) -> None:
        self.assert_refused(text="a" * (actions.MAX_TEXT_LENGTH + 1))

    def test_it_refuses_unknown_kind_privacy_and_channel(self) -> None:
        for field in ("kind", "privacy", "channel"):
            with self.subTest(field=field):
                self.assert_refused(**{field: "bogus"})

    def test_it_refuses_half_a_location(self) -> None:
        self.assert_refused(latitude=f.MALANG_LAT)
        self.assert_refused(longitude=f.MALANG_LON)

    def test_it_refuses_impossible_coordinates(self) -> None:
        for latitude, longitude in (
            (91, 112.6),
            (-7.9, 181),
            (float("nan"), 112.6),
            (-7.9, float("inf")),
            (1e30, 112.6),
            ("abc", 112.6),
        ):
            with self.subTest(latitude=latitude, longitude=longitude):
                self.assert_refused(latitude=latitude, longitude=longitude)

    def test_it_refuses_too_many_photos(self) -> None:
        self.assert_refused(photos=f.clean_photos(6), reporter_email="a@example.org")

    def test_it_attaches_photos_to_the_submission(self) -> None:
        complaint = f.make_complaint(photos=f.clean_photos(2))
        submitted = complaint.events.get(event_type=EventType.SUBMITTED)
        attachments = list(submitted.attachments.all())
        self.assertEqual(len(attachments), 2)
        self.assertTrue(all(a.is_public and a.complaint_id == complaint.id for a in attachments))
        first = attachments[0]
        self.assertEqual((first.width, first.height), (64, 48))
        self.assertTrue(first.thumbnail.name)
        with first.image.open("rb") as stored, Image.open(stored) as image:
            self.assertEqual(len(image.getexif()), 0)  # the GPS position of the original is gone

    def test_it_keeps_the_photos_of_a_confidential_complaint_private(self) -> None:
        complaint = f.make_complaint(photos=f.clean_photos(1), privacy=Privacy.CONFIDENTIAL)
        self.assertFalse(complaint.attachments.get().is_public)

    def test_it_refuses_a_category_that_is_no_longer_in_use(self) -> None:
        retired = f.make_category(department=f.make_department(), is_active=False)
        self.assert_refused(category=retired)


class IntakeKeyTests(f.TemporaryMediaMixin, TestCase):
    def test_it_returns_the_first_complaint_for_a_repeated_intake_key(self) -> None:
        first = f.make_complaint(intake_key="sms:msg-42")
        again = f.make_complaint(intake_key="sms:msg-42", text="Isi yang berbeda, pengiriman ulang.")
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(ComplaintEvent.objects.filter(event_type="submitted").count(), 1)

    def test_it_keeps_complaints_without_a_key_apart(self) -> None:
        f.make_complaint()
        f.make_complaint()
        self.assertEqual(Complaint.objects.count(), 2)
        self.assertEqual(Complaint.objects.filter(intake_key__isnull=True).count(), 2)

    def test_it_returns_the_winner_when_two_submissions_race(self) -> None:
        winner = f.make_complaint(intake_key="wa:wamid.1")
        # The second request checked before the first had committed: its insert then hits the unique key.
        with mock.patch.object(actions.Complaint.objects, "filter", wraps=Complaint.objects.filter) as spy:
            spy.side_effect = [Complaint.objects.none(), Complaint.objects.filter(pk=winner.pk)]
            again = f.make_complaint(intake_key="wa:wamid.1")
        self.assertEqual(again.pk, winner.pk)
        self.assertEqual(Complaint.objects.count(), 1)
