"""The staff complaint page: what it shows, to whom, and which action forms it offers."""

import json

from django.test import override_settings
from django.urls import reverse

from sambat.complaints import actions
from sambat.complaints.choices import Privacy
from sambat.complaints.models import Attachment, Complaint
from sambat.lib.images import clean_images
from sambat.staff.tests.personas import StaffTestCase, photo


def page_url(complaint: Complaint) -> str:
    return reverse("staff:complaint", args=[complaint.pk])


def action_forms(html: str, complaint: Complaint) -> set[str]:
    """The actions whose form the page offers (by their form's action address)."""
    prefix = f"/staf/aduan/{complaint.pk}/"
    found = set()
    for chunk in html.split(f'action="{prefix}')[1:]:
        found.add(chunk.split("/", 1)[0])
    return found


class ComplaintPageTests(StaffTestCase):
    def test_it_shows_the_complaint_in_full(self) -> None:
        complaint = self.roads_complaint(
            "Jalan berlubang di Jl. Merdeka.\nSudah dua minggu <b>tidak</b> diperbaiki.",
            address="Jl. Merdeka Utara no. 3",
            photos=clean_images([photo()]),
        )
        self.client.force_login(self.oscar)
        response = self.client.get(page_url(complaint))
        self.assertContains(response, complaint.tracking_code)
        self.assertContains(response, "Sudah dua minggu &lt;b&gt;tidak&lt;/b&gt; diperbaiki.")
        for text in ("Jalan rusak", self.dpuprpkp.name, "Klojen", "Kauman", "Jl. Merdeka Utara no. 3"):
            self.assertContains(response, text)
        attachment = Attachment.objects.get(complaint=complaint)
        self.assertContains(response, reverse("portal:photo", args=[attachment.pk]))
        self.assertContains(response, reverse("portal:photo_thumbnail", args=[attachment.pk]))

    def test_it_shows_the_answers_to_extra_questions_by_their_labels(self) -> None:
        self.roads.extra_questions = [
            {
                "code": "ukuran",
                "label": "Ukuran lubang",
                "datatype": "singlevaluelist",
                "values": [{"key": "besar", "name": "Lebih dari 50 cm"}],
            },
        ]
        self.roads.save(update_fields=["extra_questions"])
        complaint = self.roads_complaint(extra={"ukuran": "besar", "dihapus": "jawaban lama"})
        self.client.force_login(self.oscar)
        response = self.client.get(page_url(complaint))
        self.assertContains(response, "<dt>Ukuran lubang</dt><dd>Lebih dari 50 cm</dd>", html=True)
        # An answer to a question the category no longer asks keeps its code as its label.
        self.assertContains(response, "<dt>dihapus</dt><dd>jawaban lama</dd>", html=True)

    def test_the_linked_photos_of_a_confidential_complaint_open_for_its_department(self) -> None:
        complaint = self.roads_complaint(privacy=Privacy.CONFIDENTIAL, photos=clean_images([photo()]))
        attachment = Attachment.objects.get(complaint=complaint)
        self.client.force_login(self.oscar)
        self.assertContains(self.client.get(page_url(complaint)), reverse("portal:photo", args=[attachment.pk]))
        for name in ("portal:photo", "portal:photo_thumbnail"):
            with self.subTest(url=name):
                response = self.client.get(reverse(name, args=[attachment.pk]))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "image/png")
                self.assertTrue(response.getvalue().startswith(b"\x89PNG"))
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(reverse("portal:photo", args=[attachment.pk])).status_code, 404)

    def test_it_draws_the_map_without_tiles_unless_configured(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.oscar)
        response = self.client.get(page_url(complaint))
        self.assertContains(response, 'id="complaint-map"')
        self.assertContains(response, "vendor/leaflet/leaflet.js")
        script = response.content.decode().split('id="complaint-map-config" type="application/json">')[1]
        config = json.loads(script.split("</script>")[0])
        self.assertEqual((config["lat"], config["lon"]), (-7.98, 112.63))
        self.assertEqual(config["tiles"], "")
        self.assertEqual(config["boundary"]["type"], "Polygon")
        with override_settings(SAMBAT_MAP_TILE_URL="https://tiles.malangkota.example/{z}/{x}/{y}.png"):
            response = self.client.get(page_url(complaint))
        self.assertContains(response, "tiles.malangkota.example")

    def test_it_has_no_map_without_a_position(self) -> None:
        complaint = self.roads_complaint(latitude=None, longitude=None)
        self.client.force_login(self.oscar)
        response = self.client.get(page_url(complaint))
        self.assertNotContains(response, 'id="complaint-map"')
        self.assertNotContains(response, "leaflet.js")

    def test_it_shows_due_dates_and_routing(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.vera)
        response = self.client.get(page_url(complaint))
        self.assertContains(response, "Response due")
        self.assertContains(response, "Resolution due")
        self.assertContains(response, "Category default")  # routing source

    def test_it_marks_an_overdue_complaint(self) -> None:
        complaint = self.roads_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(respond_due_at=complaint.created_at)
        self.client.force_login(self.oscar)
        self.assertContains(self.client.get(page_url(complaint)), '<span class="badge red">Overdue</span>')

    def test_it_shows_the_whole_timeline_with_notes_and_instructions_highlighted(self) -> None:
        complaint = self.roads_complaint()
        actions.add_note(complaint=complaint, actor=self.oscar, note="Perlu alat berat.")
        actions.add_instruction(complaint=complaint, actor=self.lena, instruction="Prioritaskan, dekat sekolah.")
        actions.start_progress(complaint=complaint, actor=self.oscar, message="Tim berangkat.")
        self.client.force_login(self.hana)
        response = self.client.get(page_url(complaint))
        html = response.content.decode()
        self.assertIn("event-note internal", html)
        self.assertIn("event-instruction internal instruction", html)
        self.assertIn("Perlu alat berat.", html)
        self.assertIn("Prioritaskan, dekat sekolah.", html)
        self.assertIn("Tim berangkat.", html)
        self.assertIn("Lena (Leadership)", html)
        self.assertEqual(len(response.context["events"]), 5)  # submitted, routed, note, instruction, progress

    def test_it_offers_the_verifier_actions_on_a_triage_complaint(self) -> None:
        complaint = self.triage_complaint()
        self.client.force_login(self.vera)
        html = self.client.get(page_url(complaint)).content.decode()
        self.assertEqual(action_forms(html, complaint), {"assign", "correct", "reject", "merge", "note"})

    def test_it_offers_one_click_suggestions_when_assigning(self) -> None:
        complaint = self.triage_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(
            routing_suggestions=[
                {"department": "dpuprpkp", "name": "DPUPRPKP", "probability": 0.71},
                {"department": "dishub", "name": "Dishub", "probability": 0.2},
                "garbage",
            ]
        )
        self.client.force_login(self.vera)
        response = self.client.get(page_url(complaint))
        self.assertContains(response, "DPUPRPKP · 71%")
        self.assertContains(response, "Dishub · 20%")
        self.assertContains(response, '<option value="dpuprpkp" selected>')

    def test_it_offers_the_department_actions_on_an_assigned_complaint(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.oscar)
        html = self.client.get(page_url(complaint)).content.decode()
        self.assertEqual(
            action_forms(html, complaint), {"start", "respond", "request_info", "resolve", "return", "note"}
        )
        self.assertIn('enctype="multipart/form-data"', html)

    def test_it_offers_only_a_note_once_resolved(self) -> None:
        complaint = self.roads_complaint()
        actions.resolve_complaint(complaint=complaint, actor=self.oscar, message="Selesai.")
        self.client.force_login(self.oscar)
        html = self.client.get(page_url(complaint)).content.decode()
        self.assertEqual(action_forms(html, complaint), {"note"})

    def test_leaders_read_everything_and_may_only_instruct(self) -> None:
        for complaint in (self.roads_complaint(), self.parking_complaint(), self.triage_complaint()):
            self.client.force_login(self.lena)
            response = self.client.get(page_url(complaint))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(action_forms(response.content.decode(), complaint), {"instruct"})

    def test_it_answers_404_for_a_missing_complaint(self) -> None:
        self.client.force_login(self.vera)
        self.assertEqual(self.client.get(reverse("staff:complaint", args=[999999])).status_code, 404)


class ReporterIdentityTests(StaffTestCase):
    """Anonymous: nobody. Confidential: verifiers only. Public: staff who may see the complaint."""

    def identity_shown(self, complaint: Complaint) -> bool:
        html = self.client.get(page_url(complaint)).content.decode()
        shown = {"Siti Rahayu" in html, "081234567890" in html, "siti@example.org" in html}
        self.assertEqual(len(shown), 1, "identity must be shown or hidden as a whole")
        return shown.pop()

    def test_a_public_complaint_shows_the_reporter_to_staff(self) -> None:
        complaint = self.roads_complaint(privacy=Privacy.PUBLIC)
        for user in (self.vera, self.oscar, self.hana, self.lena):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertTrue(self.identity_shown(complaint))

    def test_a_confidential_reporter_is_shown_to_verifiers_only(self) -> None:
        complaint = self.roads_complaint(privacy=Privacy.CONFIDENTIAL)
        self.client.force_login(self.vera)
        self.assertTrue(self.identity_shown(complaint))
        for user in (self.oscar, self.hana, self.lena):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertFalse(self.identity_shown(complaint))
                self.assertContains(self.client.get(page_url(complaint)), "hidden (confidential)")

    def test_an_anonymous_reporter_is_hidden_from_everyone(self) -> None:
        complaint = self.roads_complaint(privacy=Privacy.ANONYMOUS, reporter=self.alice)
        for user in (self.vera, self.oscar, self.hana, self.lena):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertFalse(self.identity_shown(complaint))
                response = self.client.get(page_url(complaint))
                self.assertContains(response, "hidden (anonymous)")
                # The timeline names the citizen's account nowhere either.
                self.assertNotContains(response, "Alice")
                self.assertNotContains(response, "alice")
