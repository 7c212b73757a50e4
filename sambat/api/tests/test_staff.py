"""Staff through the API: the inbox, the complaint page's content and the department's actions, with the web's
access rules (404 outside the department, 403 for an action the role may not take, 409 for the wrong state)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints.choices import EventType, Privacy, Status
from sambat.complaints.models import Attachment, ComplaintEvent
from sambat.complaints.tests.factories import backdate, make_complaint_in, upload


class InboxTests(ApiTestCase):
    def test_an_officer_sees_the_departments_open_complaints_only(self) -> None:
        roads = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp)
        make_complaint_in(Status.ASSIGNED, department=self.p.dishub)
        make_complaint_in(Status.CLOSED, department=self.p.dpuprpkp)

        body = self.client.call("GET", "/staff/inbox", token=self.token(self.p.oscar)).json()

        self.assertEqual([item["code"] for item in body["items"]], [roads.tracking_code])
        everything = self.client.call("GET", "/staff/inbox?status=all", token=self.token(self.p.oscar)).json()
        self.assertEqual(len(everything["items"]), 2)
        verifier = self.client.call("GET", "/staff/inbox?status=all", token=self.token(self.p.vera)).json()
        self.assertEqual(len(verifier["items"]), 3)

    def test_the_cursor_walks_the_inbox_by_deadline_without_repeating_or_skipping(self) -> None:
        complaints = [make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp) for _ in range(5)]
        now = timezone.now()
        # Two share a deadline, one has none (sorted last), the rest differ.
        backdate(complaints[0], resolve_due_at=now + dt.timedelta(days=3))
        backdate(complaints[1], resolve_due_at=now + dt.timedelta(days=1))
        backdate(complaints[2], resolve_due_at=now + dt.timedelta(days=1))
        backdate(complaints[3], resolve_due_at=None)
        backdate(complaints[4], resolve_due_at=now + dt.timedelta(days=2))
        token = self.token(self.p.oscar)

        codes: list[str] = []
        cursor = ""
        while True:
            query = f"/staff/inbox?limit=2{'&cursor=' + cursor if cursor else ''}"
            body = self.client.call("GET", query, token=token).json()
            codes += [item["code"] for item in body["items"]]
            cursor = body["next_cursor"]
            if not cursor:
                break

        self.assertEqual(len(codes), 5)
        self.assertEqual(len(set(codes)), 5)
        self.assertEqual(codes[-1], complaints[3].tracking_code)
        self.assertEqual(set(codes[:2]), {complaints[1].tracking_code, complaints[2].tracking_code})
        self.assertEqual(codes[2:4], [complaints[4].tracking_code, complaints[0].tracking_code])

    def test_citizens_may_not_use_the_staff_endpoints(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, reporter=self.p.alice)
        token = self.token(self.p.alice)
        self.assertError(self.client.call("GET", "/staff/inbox", token=token), 403, "forbidden")
        self.assertError(
            self.client.call("GET", f"/staff/complaints/{complaint.tracking_code}", token=token), 403, "forbidden"
        )
        self.assertError(self.client.call("GET", "/staff/inbox"), 401, "not_authenticated")


class StaffComplaintTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.complaint = make_complaint_in(
            Status.ASSIGNED,
            department=self.p.dpuprpkp,
            reporter_name="Budi Santoso",
            reporter_phone="081311112222",
        )
        self.path = f"/staff/complaints/{self.complaint.tracking_code}"

    def act(self, user_token: str, action: str, body: dict | None = None) -> Any:
        return self.client.call("POST", f"{self.path}/{action}", body if body is not None else {}, token=user_token)

    def test_the_officer_sees_the_complaint_with_its_reporter_and_permitted_actions(self) -> None:
        body = self.client.call("GET", self.path, token=self.token(self.p.oscar)).json()

        self.assertEqual(body["reporter"]["name"], "Budi Santoso")
        self.assertEqual(body["reporter"]["phone"], "081311112222")
        self.assertEqual(body["permitted_actions"], ["note", "request_info", "resolve", "respond", "return", "start"])

    def test_an_anonymous_reporter_stays_hidden_from_staff(self) -> None:
        hidden = make_complaint_in(
            Status.ASSIGNED, department=self.p.dpuprpkp, privacy=Privacy.ANONYMOUS, reporter_name="Rahasia"
        )
        response = self.client.call("GET", f"/staff/complaints/{hidden.tracking_code}", token=self.token(self.p.vera))
        self.assertIsNone(response.json()["reporter"])
        self.assertNotIn("Rahasia", response.content.decode())

    def test_another_departments_officer_gets_404(self) -> None:
        bob = self.token(self.p.bob)
        self.assertError(self.client.call("GET", self.path, token=bob), 404, "not_found")
        self.assertError(self.act(bob, "respond", {"message": "Bukan kami."}), 404, "not_found")
        self.assertEqual(self.reload(self.complaint).status, Status.ASSIGNED)

    def test_a_role_without_the_action_gets_403(self) -> None:
        for user in (self.p.lena, self.p.vera):
            with self.subTest(user=user.username):
                self.assertError(self.act(self.token(user), "respond", {"message": "Halo."}), 403, "forbidden")
        self.assertEqual(self.reload(self.complaint).status, Status.ASSIGNED)

    def test_respond_request_information_and_resolve_with_proof(self) -> None:
        token = self.token(self.p.oscar)

        responded = self.act(token, "respond", {"message": "Tim kami menuju lokasi."})
        self.assertEqual(
            responded.json(),
            {"code": self.complaint.tracking_code, "status": "in_progress", "status_label": "In progress"},
        )
        asked = self.act(token, "request-info", {"question": "Di sebelah mana tepatnya?"})
        self.assertEqual(asked.json()["status"], Status.NEEDS_INFO)
        self.assertError(self.act(token, "resolve", {"message": "Selesai."}), 409, "invalid_state")

        self.client.call(
            "POST",
            f"/complaints/{self.complaint.tracking_code}/reply",
            {"message": "Depan masjid."},
            key=self.complaint.citizen_key,
        )
        resolved = self.client.upload(
            f"{self.path}/resolve", {"message": "Lubang sudah ditambal.", "photos": [upload("bukti.jpg")]}, token=token
        )

        self.assertEqual(resolved.status_code, 200, resolved.content)
        self.assertEqual(self.reload(self.complaint).status, Status.RESOLVED)
        event = ComplaintEvent.objects.filter(complaint=self.complaint, event_type=EventType.RESOLVED).get()
        self.assertEqual(Attachment.objects.filter(event=event).count(), 1)

    def test_start_and_the_wrong_state_afterwards(self) -> None:
        token = self.token(self.p.oscar)
        # No body and no Content-Type at all (curl -X POST): the message is optional.
        started = self.client.generic(
            "POST", f"/api/v1{self.path}/start", b"", content_type="", headers={"Authorization": f"Bearer {token}"}
        )
        self.assertEqual(started.json()["status"], Status.IN_PROGRESS)
        self.assertError(self.act(token, "start"), 409, "invalid_state")

    def test_a_note_stays_internal(self) -> None:
        response = self.act(self.token(self.p.hana), "note", {"note": "Koordinasi dengan PDAM dulu."})

        self.assertEqual(response.status_code, 200)
        public = self.client.call("GET", f"/complaints/{self.complaint.tracking_code}").content.decode()
        self.assertNotIn("PDAM", public)
        staff = self.client.call("GET", self.path, token=self.token(self.p.oscar)).json()
        self.assertEqual(staff["events"][-1]["internal_note"], "Koordinasi dengan PDAM dulu.")

    def test_return_sends_it_to_the_verifiers_and_out_of_the_officers_reach(self) -> None:
        token = self.token(self.p.oscar)
        self.assertError(self.act(token, "return", {"reason": ""}), 422, "validation_error")

        response = self.act(token, "return", {"reason": "Ini saluran milik Perumda Air Minum."})

        self.assertEqual(response.json()["status"], Status.TRIAGE)
        self.assertEqual(self.reload(self.complaint).status, Status.TRIAGE)
        self.assertError(self.client.call("GET", self.path, token=token), 404, "not_found")

    def test_an_empty_message_changes_nothing(self) -> None:
        error = self.assertError(
            self.act(self.token(self.p.oscar), "respond", {"message": ""}), 422, "validation_error"
        )
        self.assertEqual(error["details"]["fields"][0]["field"], "message")
        self.assertEqual(self.reload(self.complaint).status, Status.ASSIGNED)
