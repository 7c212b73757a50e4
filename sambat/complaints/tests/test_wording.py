"""The system's own timeline sentences are shown in the reader's language, whoever acted."""

from django.test import TestCase
from django.utils import translation

from sambat.complaints import actions
from sambat.complaints.models import ComplaintEvent
from sambat.complaints.tests import factories as f
from sambat.complaints.wording import SYSTEM_MESSAGES, event_message, system_message


class SystemMessageTests(TestCase):
    def test_it_shows_the_routing_sentence_in_the_readers_language(self) -> None:
        department = f.make_department(name="Dinas Perhubungan")
        with translation.override("en"):  # the request that filed it was in English
            complaint = f.make_complaint(category=f.make_category(department=department))
        routed = complaint.events.get(event_type="routed")
        self.assertEqual(routed.public_message, "")
        with translation.override("en"):
            self.assertEqual(event_message(routed), "Sent to Dinas Perhubungan.")
        with translation.override("id"):
            self.assertEqual(event_message(routed), "Diteruskan ke Dinas Perhubungan.")

    def test_it_keeps_peoples_own_words_as_written(self) -> None:
        people = f.Personas()
        complaint = f.make_complaint(category=people.roads)
        actions.respond(complaint=complaint, actor=people.oscar, message="Besok kami cek.")
        answer = complaint.events.get(event_type="responded")
        with translation.override("en"):
            self.assertEqual(event_message(answer), "Besok kami cek.")

    def test_every_system_message_renders_with_its_arguments(self) -> None:
        for key in SYSTEM_MESSAGES:
            event = ComplaintEvent(
                public_message="",
                data=system_message(key, department="DLH", code="SBT-234567", percent="87", count="2"),
            )
            with self.subTest(key=key), translation.override("en"):
                text = event_message(event)
                self.assertTrue(text)
                self.assertNotIn("%(", text)

    def test_it_refuses_an_unknown_message_key(self) -> None:
        with self.assertRaises(KeyError):
            system_message("no-such-message")
