"""Admins edit message templates in Django's admin, with the placeholders, the default text and a preview."""

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from sambat.accounts.choices import Role
from sambat.complaints.tests import factories as f
from sambat.notifications.models import MessageTemplate

CHANGELIST = reverse("admin:notifications_messagetemplate_changelist")
ADD = reverse("admin:notifications_messagetemplate_add")


def change_url(template: MessageTemplate) -> str:
    return reverse("admin:notifications_messagetemplate_change", args=[template.pk])


def form(**fields: str) -> dict[str, str]:
    return {"key": "answered", "language": "id", "subject": "Jawaban {{ code }}", "body": "{{ message }}"} | {
        "is_active": "on",
        **fields,
    }


class TemplateAdminTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def setUp(self) -> None:
        self.client.force_login(self.people.vera)

    def test_it_lists_every_kinds_placeholders_on_a_new_template(self) -> None:
        response = self.client.get(ADD)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<code>{{ department }}</code>", html=False)
        self.assertContains(response, "<code>sla_warning</code>", html=False)
        self.assertContains(response, f"{ADD}?key=sla_warning&amp;language=en", html=False)

    def test_it_starts_a_new_template_from_the_default_text(self) -> None:
        response = self.client.get(ADD, {"key": "answered", "language": "en"})
        self.assertEqual(
            response.context["adminform"].form.initial["subject"], "Update on your report {{ code }}: {{ status }}"
        )
        self.assertIn("{{ department }} answered your report", response.context["adminform"].form.initial["body"])

    def test_it_saves_a_template_and_shows_its_preview_with_sample_values(self) -> None:
        response = self.client.post(ADD, form(body="{{ department }} menjawab: {{ message }} {{ url }}"))
        self.assertEqual(response.status_code, 302)
        template = MessageTemplate.objects.get()
        self.assertEqual((template.key, template.updated_by), ("answered", self.people.vera))
        page = self.client.get(change_url(template))
        self.assertContains(page, "Jawaban SBT-7K3Q9P")
        self.assertContains(
            page, "Dinas Pekerjaan Umum menjawab: Petugas akan menambal jalan pada hari Kamis. https://"
        )
        self.assertContains(page, "<code>{{ message }}</code>", html=False)
        self.assertContains(page, "{{ department }} menanggapi laporan Anda:")  # the default, for reference
        self.assertContains(self.client.get(CHANGELIST), "Jawaban {{ code }}")

    def test_it_refuses_a_broken_template_with_a_clear_error(self) -> None:
        response = self.client.post(ADD, form(body="{% if message %}{{ message }}"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Unclosed tag", str(response.context["adminform"].form.errors["body"]))
        response = self.client.post(ADD, form(subject="Jawaban {{ kode }}"))
        self.assertIn("kode", str(response.context["adminform"].form.errors["subject"]))
        self.assertFalse(MessageTemplate.objects.exists())

    def test_it_lets_only_administrators_in(self) -> None:
        template = MessageTemplate.objects.create(key="answered", language="id", subject="x", body="y")
        verifier = f.make_user(Role.ADMIN)
        verifier.is_superuser = False
        verifier.save(update_fields=["is_superuser"])
        officer = f.make_user(Role.OFFICER, self.people.dpuprpkp)
        officer.is_staff = True
        officer.save(update_fields=["is_staff"])
        officer.user_permissions.set(Permission.objects.filter(codename__endswith="messagetemplate"))
        self.client.force_login(verifier)
        self.assertEqual(self.client.get(change_url(template)).status_code, 200)
        self.client.force_login(officer)
        for url in (CHANGELIST, ADD, change_url(template)):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(change_url(template), form()).status_code, 403)
        self.assertEqual(MessageTemplate.objects.get().subject, "x")

    def test_the_outbox_lists_the_newest_first_and_finds_a_message_by_its_exact_address(self) -> None:
        older = f.make_complaint(reporter_email="lama@example.org")
        newer = f.make_complaint(reporter_email="baru@example.org")
        page = self.client.get(reverse("admin:notifications_outboxmessage_changelist"))
        shown = [message.complaint_id for message in page.context["cl"].result_list]
        self.assertLess(shown.index(newer.pk), shown.index(older.pk))

        found = self.client.get(reverse("admin:notifications_outboxmessage_changelist"), {"q": "lama@example.org"})
        self.assertEqual({message.complaint_id for message in found.context["cl"].result_list}, {older.pk})
        self.assertContains(found, "l***@example.org")  # the list itself still shows the address masked

    def test_it_keeps_the_outbox_read_only(self) -> None:
        self.assertEqual(self.client.get(reverse("admin:notifications_outboxmessage_add")).status_code, 403)
        self.assertEqual(self.client.get(reverse("admin:notifications_outboxmessage_changelist")).status_code, 200)
