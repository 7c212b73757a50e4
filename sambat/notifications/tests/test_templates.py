"""Message wording: defaults for every kind in both languages, admins' templates, checks and fallbacks."""

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.tests import factories as f
from sambat.notifications import messages
from sambat.notifications.choices import MessageLanguage
from sambat.notifications.kinds import BY_KEY, KINDS
from sambat.notifications.models import MessageTemplate, OutboxMessage
from sambat.notifications.rendering import check_template, render_default, render_message


def template(
    key: str, *, language: str = "id", subject: str = "S {{ code }}", body: str = "B {{ url }}", **kw: object
) -> MessageTemplate:
    made = MessageTemplate(key=key, language=language, subject=subject, body=body, **kw)
    made.full_clean()
    made.save()
    return made


class DefaultTextTests(TestCase):
    def test_it_has_a_default_in_every_language_for_every_kind(self) -> None:
        for kind in KINDS:
            for language in MessageLanguage.values:
                with self.subTest(kind=kind.key, language=language):
                    self.assertIn(language, kind.defaults)
                    subject, body = kind.defaults[language]
                    check_template(kind.key, subject=subject, body=body)  # compiles, known placeholders only
                    rendered = render_default(kind.key, language=language, context=kind.sample)
                    self.assertIn(kind.sample["code"], rendered.subject + rendered.body)
                    self.assertIn("url", kind.placeholders)
                    self.assertIn(kind.sample["url"], rendered.body)  # every message links to the complaint

    def test_it_writes_the_two_languages_differently(self) -> None:
        for kind in KINDS:
            with self.subTest(kind=kind.key):
                self.assertNotEqual(kind.defaults["id"][0], kind.defaults["en"][0])

    def test_it_offers_the_sample_value_of_every_placeholder(self) -> None:
        for kind in KINDS:
            with self.subTest(kind=kind.key):
                self.assertEqual(set(kind.sample), set(kind.placeholders))
                self.assertTrue(all(kind.sample.values()), kind.sample)

    def test_it_sends_a_known_kind_for_every_message(self) -> None:
        self.assertLessEqual(set(messages.CITIZEN_UPDATES.values()), set(BY_KEY))
        for key in ("received", "routed", "updated", "staff_assigned", "staff_triage", "sla_escalation"):
            self.assertIn(key, BY_KEY)

    def test_it_leaves_plain_text_unescaped(self) -> None:
        rendered = render_default("answered", language="id", context=BY_KEY["answered"].sample | {"message": "A & <b>"})
        self.assertIn("A & <b>", rendered.body)


class TemplateCheckTests(TestCase):
    def test_it_refuses_a_template_that_does_not_compile(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            template("received", body="Kode {% if code %}{{ code }}")
        self.assertIn("body", raised.exception.message_dict)
        self.assertIn("Unclosed tag", raised.exception.message_dict["body"][0])  # the engine's own words
        self.assertFalse(MessageTemplate.objects.exists())

    def test_it_refuses_an_unknown_placeholder_and_names_the_available_ones(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            template("received", subject="Laporan {{ kode }}")
        error = raised.exception.message_dict["subject"][0]
        self.assertIn("kode", error)
        self.assertIn("code", error)

    def test_it_refuses_a_template_that_fails_with_the_sample_values(self) -> None:
        for body in ("{% include 'base.html' %}", "{% load static %}{{ code }}", "{{ code|date:'Y' }}{% url 'x' %}"):
            with self.subTest(body=body), self.assertRaises(ValidationError):
                template("received", body=body)

    def test_it_refuses_a_text_that_renders_empty(self) -> None:
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            template("received", body="{% if False %}{{ code }}{% endif %}")
        self.assertIn("empty", raised.exception.message_dict["body"][0])

    def test_it_refuses_a_second_template_for_the_same_kind_and_language(self) -> None:
        template("received")
        with self.assertRaises(ValidationError):
            template("received")
        template("received", language="en")
        self.assertEqual(MessageTemplate.objects.count(), 2)

    def test_it_accepts_filters_and_tags_over_the_kinds_placeholders(self) -> None:
        template(
            "answered",
            subject="{{ code|upper }} — {{ department }}",
            body="{% if message %}{{ message }}{% endif %} {{ url }}",
        )
        self.assertEqual(MessageTemplate.objects.count(), 1)

    def test_it_refuses_a_body_without_the_link_its_reader_needs(self) -> None:
        with translation.override("en"), self.assertRaises(ValidationError) as raised:
            template("answered", body="{{ department }} answered: {{ message }}")
        self.assertIn("{{ url }}", raised.exception.message_dict["body"][0])
        self.assertFalse(MessageTemplate.objects.exists())


@override_settings(SAMBAT_PUBLIC_BASE_URL="http://127.0.0.1:8000")
class TemplateUseTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def citizen_messages(self) -> list[OutboxMessage]:
        return list(OutboxMessage.objects.filter(recipient="warga@example.org").order_by("id"))

    def test_it_sends_the_admins_template_instead_of_the_default(self) -> None:
        template("received", subject="Aduan {{ code }} masuk", body="Simpan tautan ini: {{ url }}")
        complaint = f.make_complaint(reporter_email="warga@example.org")
        received = self.citizen_messages()[0]
        self.assertEqual(received.subject, f"Aduan {complaint.tracking_code} masuk")
        track = reverse("portal:track", args=[complaint.tracking_code])
        self.assertEqual(received.body, f"Simpan tautan ini: http://127.0.0.1:8000{track}?k={complaint.citizen_key}")

    def test_it_ignores_an_inactive_template(self) -> None:
        template("received", subject="Aduan {{ code }} masuk", is_active=False)
        complaint = f.make_complaint(reporter_email="warga@example.org")
        self.assertEqual(self.citizen_messages()[0].subject, f"Laporan Anda {complaint.tracking_code} telah diterima")

    def test_it_uses_the_template_of_the_recipients_language_only(self) -> None:
        template("received", language="en", subject="Report {{ code }} in")
        complaint = f.make_complaint(reporter_email="warga@example.org")
        # Citizens are written to in Indonesian: the English template is not theirs.
        self.assertEqual(self.citizen_messages()[0].subject, f"Laporan Anda {complaint.tracking_code} telah diterima")
        english = render_message("received", language="en", context=BY_KEY["received"].sample)
        self.assertEqual(english.subject, "Report SBT-7K3Q9P in")
        indonesian = render_message("received", language="id", context=BY_KEY["received"].sample)
        self.assertEqual(indonesian.subject, "Laporan Anda SBT-7K3Q9P telah diterima")

    def test_it_renders_the_english_default_in_english(self) -> None:
        english = render_message("resolved", language="en", context=BY_KEY["resolved"].sample)
        self.assertIn("reports that your report is resolved", english.body)

    def test_it_falls_back_to_the_default_when_a_saved_template_fails(self) -> None:
        # Saved before a check existed, or broken since: sending must still work.
        MessageTemplate.objects.create(key="received", language="id", subject="{% if %}", body="{{ code }}")
        with self.assertLogs("sambat.notifications.rendering", level="ERROR") as logs:
            complaint = f.make_complaint(reporter_email="warga@example.org")
        self.assertIn("received/id", logs.output[0])
        received = self.citizen_messages()[0]
        self.assertEqual(received.subject, f"Laporan Anda {complaint.tracking_code} telah diterima")
        self.assertIn(f"k={complaint.citizen_key}", received.body)

    def test_it_falls_back_to_the_default_when_a_template_renders_empty(self) -> None:
        MessageTemplate.objects.create(key="received", language="id", subject="x", body="{{ nothing }}")
        with self.assertLogs("sambat.notifications.rendering", level="ERROR"):
            complaint = f.make_complaint(reporter_email="warga@example.org")
        self.assertIn(f"k={complaint.citizen_key}", self.citizen_messages()[0].body)

    def test_it_keeps_the_subject_on_one_line(self) -> None:
        template("received", subject="Aduan\n{{ code }}\r\nBcc: x@example.org")
        complaint = f.make_complaint(reporter_email="warga@example.org")
        self.assertEqual(self.citizen_messages()[0].subject, f"Aduan {complaint.tracking_code} Bcc: x@example.org")

    def test_it_never_treats_a_citizens_words_as_a_template(self) -> None:
        p = self.people
        complaint = f.make_complaint_in(Status.NEEDS_INFO, department=p.dpuprpkp, officer=p.oscar)
        actions.citizen_reply(complaint=complaint, message="{{ url }} {% now 'Y' %}")
        alert = OutboxMessage.objects.filter(recipient="dpuprpkp@example.org").order_by("id").last()
        assert alert is not None
        self.assertIn("{{ url }} {% now 'Y' %}", alert.body)

    def test_it_uses_templates_for_staff_and_deadline_messages(self) -> None:
        p = self.people
        template("staff_assigned", subject="Masuk: {{ code }} untuk {{ department }}", body="{{ text }} {{ url }}")
        template("sla_warning", subject="Teguran {{ code }}: {{ deadline }} {{ due }}", body="{{ url }}")
        complaint = f.make_complaint(category=p.roads)
        alert = OutboxMessage.objects.get(recipient="dpuprpkp@example.org")
        self.assertEqual(alert.subject, f"Masuk: {complaint.tracking_code} untuk Dinas Pekerjaan Umum")
        assert complaint.respond_due_at is not None
        messages.sla_warning(complaint, deadline="respond", due_at=complaint.respond_due_at)
        warning = OutboxMessage.objects.get(recipient="hana@example.org")
        self.assertTrue(warning.subject.startswith(f"Teguran {complaint.tracking_code}: tanggapan pertama "))
