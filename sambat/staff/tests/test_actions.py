"""Every staff action through HTTP, its effect, and the forbidden ones that must change nothing."""

from django.urls import reverse

from sambat.complaints import actions
from sambat.complaints.choices import EventType, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.staff.tests.personas import StaffTestCase, fake_photo, photo


def act_url(complaint: Complaint, action: str) -> str:
    return reverse("staff:act", args=[complaint.pk, action])


class Snapshot:
    """What an action could change: the row, its events and its attachments."""

    FIELDS = (
        "status",
        "department_id",
        "category_id",
        "kind",
        "merged_into_id",
        "triage_reason",
        "paused_at",
        "resolved_at",
        "first_response_at",
        "resolve_due_at",
    )

    def __init__(self, complaint: Complaint) -> None:
        fresh = Complaint.objects.get(pk=complaint.pk)
        self.row = {name: getattr(fresh, name) for name in self.FIELDS}
        self.events = ComplaintEvent.objects.filter(complaint=complaint).count()
        self.attachments = Attachment.objects.filter(complaint=complaint).count()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Snapshot) and vars(self) == vars(other)

    def __repr__(self) -> str:
        return repr(vars(self))


class StaffActionTestCase(StaffTestCase):
    def assert_unchanged(self, complaint: Complaint, before: Snapshot) -> None:
        self.assertEqual(Snapshot(complaint), before)

    def last_event(self, complaint: Complaint) -> ComplaintEvent:
        return ComplaintEvent.objects.filter(complaint=complaint).order_by("-id").first()  # type: ignore[return-value]


class VerifierActionTests(StaffActionTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.vera)

    def test_it_assigns_a_complaint_from_triage(self) -> None:
        complaint = self.triage_complaint()
        response = self.client.post(
            act_url(complaint, "assign"),
            {"department": "dpuprpkp", "category": "jalan-rusak", "note": "Lokasi jelas dari foto."},
        )
        self.assertRedirects(response, reverse("staff:complaint", args=[complaint.pk]))
        complaint = self.reload(complaint)
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.department, self.dpuprpkp)
        self.assertEqual(complaint.category, self.roads)
        self.assertIsNotNone(complaint.respond_due_at)
        event = self.last_event(complaint)
        self.assertEqual(event.event_type, EventType.ASSIGNED)
        self.assertEqual(event.actor, self.vera)
        self.assertTrue(event.is_public)
        self.assertEqual(event.internal_note, "Lokasi jelas dari foto.")

    def test_it_assigns_with_one_click_on_a_suggestion_and_returns_to_the_queue(self) -> None:
        complaint = self.triage_complaint()
        Complaint.objects.filter(pk=complaint.pk).update(
            routing_suggestions=[{"department": "dishub", "name": "Dinas Perhubungan", "probability": 0.62}]
        )
        queue = reverse("staff:triage")
        page = self.client.get(queue)
        self.assertContains(page, 'name="department" value="dishub"')
        self.assertContains(page, "62%")
        response = self.client.post(act_url(complaint, "assign"), {"department": "dishub", "next": queue})
        self.assertRedirects(response, queue)
        complaint = self.reload(complaint)
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, self.dishub))
        self.assertNotContains(self.client.get(queue), complaint.tracking_code)

    def test_it_ignores_an_offsite_next_address(self) -> None:
        complaint = self.triage_complaint()
        response = self.client.post(
            act_url(complaint, "assign"), {"department": "dishub", "next": "https://evil.example/"}
        )
        self.assertRedirects(response, reverse("staff:complaint", args=[complaint.pk]))

    def test_it_refuses_an_unknown_department(self) -> None:
        complaint = self.triage_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "assign"), {"department": "no-such-dinas"})
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged(complaint, before)

    def test_it_reassigns_to_another_department(self) -> None:
        complaint = self.roads_complaint()
        response = self.client.post(act_url(complaint, "reassign"), {"department": "dishub", "note": "Soal parkir."})
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(complaint)
        self.assertEqual((complaint.status, complaint.department), (Status.ASSIGNED, self.dishub))
        event = self.last_event(complaint)
        self.assertEqual(event.event_type, EventType.REASSIGNED)
        self.assertEqual(event.data["from_department"], "dpuprpkp")

    def test_it_shows_why_a_reassignment_to_the_same_department_fails(self) -> None:
        complaint = self.roads_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "reassign"), {"department": "dpuprpkp"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "already with this department", status_code=400)
        self.assert_unchanged(complaint, before)

    def test_it_corrects_category_and_kind_internally(self) -> None:
        complaint = self.roads_complaint()
        response = self.client.post(
            act_url(complaint, "correct"), {"category": "parkir", "kind": "aspirasi", "note": "Salah pilih."}
        )
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(complaint)
        self.assertEqual((complaint.category, complaint.kind), (self.parking, "aspirasi"))
        self.assertEqual(complaint.status, Status.ASSIGNED)
        event = self.last_event(complaint)
        self.assertEqual(event.event_type, EventType.DETAILS_CORRECTED)
        self.assertFalse(event.is_public)
        self.assertEqual(event.data["before"], {"category": "jalan-rusak", "kind": "pengaduan"})

    def test_it_rejects_with_a_public_reason(self) -> None:
        complaint = self.triage_complaint()
        response = self.client.post(act_url(complaint, "reject"), {"reason": "Bukan aduan layanan publik."})
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(complaint)
        self.assertEqual(complaint.status, Status.REJECTED)
        event = self.last_event(complaint)
        self.assertEqual(event.event_type, EventType.REJECTED)
        self.assertTrue(event.is_public)
        self.assertEqual(event.public_message, "Bukan aduan layanan publik.")

    def test_it_requires_a_reason_to_reject(self) -> None:
        complaint = self.triage_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "reject"), {"reason": "   "})
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged(complaint, before)

    def test_it_merges_a_duplicate_by_tracking_code(self) -> None:
        original = self.roads_complaint()
        duplicate = self.triage_complaint("Jalan berlubang di Jl. Merdeka, sama seperti kemarin.")
        response = self.client.post(
            act_url(duplicate, "merge"), {"into": original.tracking_code.lower(), "note": "Sama lokasinya."}
        )
        self.assertEqual(response.status_code, 302)
        duplicate = self.reload(duplicate)
        self.assertEqual((duplicate.status, duplicate.merged_into), (Status.MERGED, original))
        self.assertEqual(self.last_event(duplicate).event_type, EventType.MERGED)
        note = self.last_event(original)
        self.assertEqual((note.event_type, note.is_public), (EventType.NOTE, False))

    def test_it_refuses_to_merge_into_an_unknown_code(self) -> None:
        duplicate = self.triage_complaint()
        before = Snapshot(duplicate)
        response = self.client.post(act_url(duplicate, "merge"), {"into": "SBT-ZZZZZZ"})
        self.assertContains(response, "No complaint has this tracking code", status_code=400)
        self.assert_unchanged(duplicate, before)

    def test_it_refuses_to_merge_into_itself(self) -> None:
        complaint = self.triage_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "merge"), {"into": complaint.tracking_code})
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged(complaint, before)

    def test_it_adds_an_internal_note(self) -> None:
        complaint = self.triage_complaint()
        response = self.client.post(act_url(complaint, "note"), {"note": "Cek dengan kelurahan dulu."})
        self.assertEqual(response.status_code, 302)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public, event.public_message), (EventType.NOTE, False, ""))
        self.assertEqual(self.reload(complaint).status, Status.TRIAGE)

    def test_it_cannot_do_department_work(self) -> None:
        complaint = self.roads_complaint()
        before = Snapshot(complaint)
        for action, data in [
            ("start", {}),
            ("respond", {"message": "Kami tangani."}),
            ("request_info", {"question": "Di mana tepatnya?"}),
            ("resolve", {"message": "Sudah diperbaiki."}),
            ("return", {"reason": "Bukan kami."}),
            ("instruct", {"instruction": "Segera."}),
        ]:
            with self.subTest(action=action):
                self.assertEqual(self.client.post(act_url(complaint, action), data).status_code, 403)
        self.assert_unchanged(complaint, before)

    def test_it_cannot_assign_an_assigned_complaint(self) -> None:
        complaint = self.roads_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "assign"), {"department": "dishub"}, follow=True)
        self.assertContains(response, "This cannot be done while the complaint is")
        self.assert_unchanged(complaint, before)


class DepartmentActionTests(StaffActionTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.oscar)
        self.complaint = self.roads_complaint()

    def test_it_marks_the_complaint_in_progress(self) -> None:
        response = self.client.post(act_url(self.complaint, "start"), {"message": ""})
        self.assertRedirects(response, reverse("staff:complaint", args=[self.complaint.pk]))
        complaint = self.reload(self.complaint)
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        self.assertIsNotNone(complaint.first_response_at)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public, event.actor), (EventType.PROGRESS, True, self.oscar))

    def test_it_responds_publicly_with_a_photo(self) -> None:
        response = self.client.post(
            act_url(self.complaint, "respond"), {"message": "Tim survei dijadwalkan besok.", "photos": [photo()]}
        )
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(self.complaint)
        self.assertEqual(complaint.status, Status.IN_PROGRESS)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public), (EventType.RESPONDED, True))
        self.assertEqual(event.public_message, "Tim survei dijadwalkan besok.")
        self.assertEqual(event.attachments.count(), 1)

    def test_it_asks_the_citizen_for_information_and_pauses_the_clock(self) -> None:
        response = self.client.post(act_url(self.complaint, "request_info"), {"question": "Nomor rumah terdekat?"})
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(self.complaint)
        self.assertEqual(complaint.status, Status.NEEDS_INFO)
        self.assertIsNotNone(complaint.paused_at)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public), (EventType.INFO_REQUESTED, True))

    def test_it_resolves_with_proof_photos(self) -> None:
        response = self.client.post(
            act_url(self.complaint, "resolve"),
            {"message": "Lubang sudah ditambal.", "photos": [photo("a.png"), photo("b.png", colour="blue")]},
        )
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(self.complaint)
        self.assertEqual(complaint.status, Status.RESOLVED)
        self.assertIsNotNone(complaint.resolved_at)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public), (EventType.RESOLVED, True))
        self.assertEqual(event.attachments.filter(is_public=True).count(), 2)

    def test_it_sends_back_not_our_remit_to_the_verifiers(self) -> None:
        response = self.client.post(act_url(self.complaint, "return"), {"reason": "Ini jalan provinsi."})
        # The department no longer sees the complaint, so it lands on its inbox.
        self.assertRedirects(response, reverse("staff:inbox"))
        complaint = self.reload(self.complaint)
        self.assertEqual((complaint.status, complaint.department), (Status.TRIAGE, None))
        self.assertIn("Ini jalan provinsi.", complaint.triage_reason)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.internal_note), (EventType.RETURNED, "Ini jalan provinsi."))
        self.assertEqual(event.department, self.dpuprpkp)
        self.client.force_login(self.vera)
        self.assertContains(self.client.get(reverse("staff:triage")), complaint.triage_reason)

    def test_it_adds_an_internal_note(self) -> None:
        response = self.client.post(act_url(self.complaint, "note"), {"note": "Koordinasi dengan UPT."})
        self.assertEqual(response.status_code, 302)
        event = self.last_event(self.complaint)
        self.assertEqual((event.event_type, event.is_public), (EventType.NOTE, False))

    def test_the_head_of_department_can_act_too(self) -> None:
        self.client.force_login(self.hana)
        self.client.post(act_url(self.complaint, "start"), {})
        self.assertEqual(self.reload(self.complaint).status, Status.IN_PROGRESS)

    def test_an_invalid_photo_on_resolve_changes_nothing(self) -> None:
        before = Snapshot(self.complaint)
        response = self.client.post(
            act_url(self.complaint, "resolve"),
            {"message": "Sudah diperbaiki.", "photos": [photo(), fake_photo()]},
        )
        self.assertContains(response, "is not a valid image", status_code=400)
        self.assert_unchanged(self.complaint, before)
        self.assertEqual(self.reload(self.complaint).status, Status.ASSIGNED)

    def test_too_many_photos_on_resolve_change_nothing(self) -> None:
        before = Snapshot(self.complaint)
        photos = [photo(f"{n}.png") for n in range(6)]
        response = self.client.post(act_url(self.complaint, "resolve"), {"message": "Selesai.", "photos": photos})
        self.assertContains(response, "At most 5 photos", status_code=400)
        self.assert_unchanged(self.complaint, before)

    def test_an_invalid_photo_on_respond_changes_nothing(self) -> None:
        before = Snapshot(self.complaint)
        response = self.client.post(
            act_url(self.complaint, "respond"), {"message": "Kami cek.", "photos": [fake_photo("x.png")]}
        )
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged(self.complaint, before)

    def test_a_resolution_needs_a_message(self) -> None:
        before = Snapshot(self.complaint)
        response = self.client.post(act_url(self.complaint, "resolve"), {"message": ""})
        self.assertEqual(response.status_code, 400)
        self.assert_unchanged(self.complaint, before)

    def test_it_cannot_do_verifier_or_leader_work(self) -> None:
        before = Snapshot(self.complaint)
        for action, data in [
            ("reassign", {"department": "dishub"}),
            ("correct", {"category": "parkir", "kind": "pengaduan"}),
            ("reject", {"reason": "Spam."}),
            ("merge", {"into": self.parking_complaint().tracking_code}),
            ("instruct", {"instruction": "Segera."}),
        ]:
            with self.subTest(action=action):
                self.assertEqual(self.client.post(act_url(self.complaint, action), data).status_code, 403)
        self.assert_unchanged(self.complaint, before)

    def test_actions_in_the_wrong_state_change_nothing(self) -> None:
        actions.resolve_complaint(complaint=self.complaint, actor=self.oscar, message="Sudah.")
        before = Snapshot(self.complaint)
        for action, data in [
            ("start", {}),
            ("respond", {"message": "Lagi."}),
            ("request_info", {"question": "Apa?"}),
            ("resolve", {"message": "Lagi."}),
            ("return", {"reason": "Bukan kami."}),
        ]:
            with self.subTest(action=action):
                response = self.client.post(act_url(self.complaint, action), data, follow=True)
                self.assertContains(response, "This cannot be done while the complaint is")
        self.assert_unchanged(self.complaint, before)

    def test_it_answers_404_to_unknown_actions_and_sends_a_get_to_the_complaints_page(self) -> None:
        self.assertEqual(self.client.post(act_url(self.complaint, "delete"), {}).status_code, 404)
        self.assertEqual(self.client.post(act_url(self.complaint, "citizen_reply"), {}).status_code, 404)
        before = self.reload(self.complaint).status
        response = self.client.get(act_url(self.complaint, "start"))
        self.assertRedirects(response, reverse("staff:complaint", args=[self.complaint.pk]))
        self.assertEqual(self.reload(self.complaint).status, before)


class LeaderActionTests(StaffActionTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.lena)

    def test_it_adds_an_instruction_that_the_department_sees_highlighted(self) -> None:
        complaint = self.roads_complaint()
        response = self.client.post(act_url(complaint, "instruct"), {"instruction": "Tangani sebelum Jumat."})
        self.assertEqual(response.status_code, 302)
        complaint = self.reload(complaint)
        self.assertEqual(complaint.status, Status.ASSIGNED)
        event = self.last_event(complaint)
        self.assertEqual((event.event_type, event.is_public), (EventType.INSTRUCTION, False))
        self.client.force_login(self.oscar)
        page = self.client.get(reverse("staff:complaint", args=[complaint.pk]))
        self.assertContains(page, 'instruction">')
        self.assertContains(page, "Tangani sebelum Jumat.")

    def test_it_can_instruct_on_any_complaint_in_any_state(self) -> None:
        complaint = self.triage_complaint()
        self.client.post(act_url(complaint, "instruct"), {"instruction": "Verifikasi hari ini."})
        self.assertEqual(self.last_event(complaint).event_type, EventType.INSTRUCTION)

    def test_it_cannot_change_state(self) -> None:
        complaint = self.roads_complaint()
        triaged = self.triage_complaint()
        before, before_triaged = Snapshot(complaint), Snapshot(triaged)
        for target, action, data in [
            (complaint, "start", {}),
            (complaint, "respond", {"message": "Oke."}),
            (complaint, "request_info", {"question": "Apa?"}),
            (complaint, "resolve", {"message": "Selesai."}),
            (complaint, "return", {"reason": "Bukan."}),
            (complaint, "reassign", {"department": "dishub"}),
            (complaint, "reject", {"reason": "Spam."}),
            (complaint, "note", {"note": "Catatan."}),
            (triaged, "assign", {"department": "dishub"}),
            # Not allowed in this state either: still a plain refusal, not a hint that another state would do.
            (complaint, "assign", {"department": "dishub"}),
            (triaged, "merge", {"into": complaint.tracking_code}),
            (triaged, "correct", {"category": "parkir", "kind": "pengaduan"}),
        ]:
            with self.subTest(action=action):
                self.assertEqual(self.client.post(act_url(target, action), data).status_code, 403)
        self.assert_unchanged(complaint, before)
        self.assert_unchanged(triaged, before_triaged)

    def test_an_empty_instruction_changes_nothing(self) -> None:
        complaint = self.roads_complaint()
        before = Snapshot(complaint)
        self.assertEqual(self.client.post(act_url(complaint, "instruct"), {"instruction": ""}).status_code, 400)
        self.assert_unchanged(complaint, before)


class OutsiderActionTests(StaffActionTestCase):
    def test_citizens_and_assistants_cannot_act(self) -> None:
        complaint = self.roads_complaint(reporter=self.alice, assisted_by=self.kiki)
        before = Snapshot(complaint)
        for user in (self.alice, self.kiki):
            self.client.force_login(user)
            for action in ("start", "note", "instruct", "assign"):
                with self.subTest(user=user.username, action=action):
                    response = self.client.post(act_url(complaint, action), {"note": "x", "instruction": "x"})
                    self.assertEqual(response.status_code, 403)
        self.assert_unchanged(complaint, before)

    def test_anonymous_visitors_are_sent_to_sign_in(self) -> None:
        complaint = self.roads_complaint()
        before = Snapshot(complaint)
        response = self.client.post(act_url(complaint, "start"), {})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.assert_unchanged(complaint, before)
