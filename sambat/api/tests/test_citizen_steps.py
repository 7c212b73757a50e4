"""The citizen's steps through the API: reply, rate, reopen, add photos; and supporting others' reports."""

import datetime as dt

from django.utils import timezone

from sambat.api.tests.helpers import ApiTestCase
from sambat.complaints import actions
from sambat.complaints.choices import EventType, Privacy, Status
from sambat.complaints.models import Attachment, ComplaintEvent, Supporter
from sambat.complaints.tests.factories import backdate, clean_photos, make_complaint_in, upload


class ReplyTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.complaint = make_complaint_in(
            Status.NEEDS_INFO, department=self.p.dpuprpkp, officer=self.p.oscar, reporter=self.p.alice
        )
        self.path = f"/complaints/{self.complaint.tracking_code}/reply"

    def test_the_reporter_answers_and_the_complaint_goes_back_to_work(self) -> None:
        response = self.client.call("POST", self.path, {"message": "RT 03 RW 05."}, token=self.token(self.p.alice))

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], Status.IN_PROGRESS)
        self.assertEqual(self.reload(self.complaint).status, Status.IN_PROGRESS)
        event = ComplaintEvent.objects.filter(complaint=self.complaint).latest("id")
        self.assertEqual((event.event_type, event.actor), (EventType.CITIZEN_REPLIED, self.p.alice))

    def test_the_private_key_acts_for_a_report_sent_without_an_account(self) -> None:
        response = self.client.upload(
            self.path, {"message": "Ini fotonya.", "photos": [upload("got.jpg")]}, key=self.complaint.citizen_key
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Attachment.objects.filter(complaint=self.complaint).count(), 1)

    def test_others_may_not_answer(self) -> None:
        self.assertError(
            self.client.call("POST", self.path, {"message": "Saya juga."}, token=self.token(self.p.charlie)),
            403,
            "forbidden",
        )
        self.assertError(self.client.call("POST", self.path, {"message": "Saya juga."}), 403, "forbidden")
        self.assertEqual(self.reload(self.complaint).status, Status.NEEDS_INFO)

    def test_answering_when_nothing_was_asked_is_a_conflict(self) -> None:
        token = self.token(self.p.alice)
        self.client.call("POST", self.path, {"message": "RT 03 RW 05."}, token=token)

        again = self.client.call("POST", self.path, {"message": "Dan RT 04."}, token=token)

        self.assertError(again, 409, "invalid_state")

    def test_a_retried_answer_is_not_recorded_twice(self) -> None:
        token = self.token(self.p.alice)
        first = self.client.call("POST", self.path, {"message": "RT 03."}, token=token, idempotency_key="reply-1")
        events = ComplaintEvent.objects.count()

        retry = self.client.call("POST", self.path, {"message": "RT 03."}, token=token, idempotency_key="reply-1")

        self.assertEqual(retry.status_code, 200)
        self.assertEqual(retry.content, first.content)
        self.assertEqual(ComplaintEvent.objects.count(), events)
        replies = ComplaintEvent.objects.filter(complaint=self.complaint, event_type=EventType.CITIZEN_REPLIED)
        self.assertEqual(replies.count(), 1)

    def test_an_empty_answer_is_refused(self) -> None:
        error = self.assertError(
            self.client.call("POST", self.path, {"message": ""}, token=self.token(self.p.alice)),
            422,
            "validation_error",
        )
        self.assertEqual(error["details"]["fields"][0]["field"], "message")


class RateAndReopenTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.complaint = make_complaint_in(Status.RESOLVED, department=self.p.dpuprpkp, reporter=self.p.alice)
        self.token_ = self.token(self.p.alice)

    def test_rating_a_resolved_report_closes_it(self) -> None:
        path = f"/complaints/{self.complaint.tracking_code}/rate"
        self.assertError(self.client.call("POST", path, {"rating": 6}, token=self.token_), 422, "validation_error")

        response = self.client.call("POST", path, {"rating": 4, "comment": "Cepat."}, token=self.token_)

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], Status.CLOSED)
        self.assertEqual(self.reload(self.complaint).rating, 4)
        self.assertError(self.client.call("POST", path, {"rating": 5}, token=self.token_), 409, "invalid_state")

    def test_reopening_sends_it_back_within_the_period_only(self) -> None:
        path = f"/complaints/{self.complaint.tracking_code}/reopen"
        response = self.client.call("POST", path, {"reason": "Lubangnya muncul lagi."}, token=self.token_)
        self.assertEqual(response.json()["status"], Status.IN_PROGRESS)

        late = make_complaint_in(Status.RESOLVED, department=self.p.dpuprpkp, reporter=self.p.alice)
        backdate(late, resolved_at=timezone.now() - dt.timedelta(days=30))
        refused = self.client.call(
            "POST", f"/complaints/{late.tracking_code}/reopen", {"reason": "Belum."}, token=self.token_
        )
        self.assertError(refused, 409, "invalid_state")


class AddPhotosTests(ApiTestCase):
    def test_the_citizen_adds_photos_until_the_department_acts(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, reporter=self.p.alice)
        path = f"/complaints/{complaint.tracking_code}/photos"
        token = self.token(self.p.alice)

        added = self.client.upload(path, {"photos": [upload("a.jpg"), upload("b.jpg")]}, token=token)

        self.assertEqual(added.status_code, 201, added.content)
        self.assertEqual(Attachment.objects.filter(complaint=complaint).count(), 2)
        self.assertIn("add_photos", added.json()["you_may"])
        step = added.json()["timeline"][-1]
        self.assertEqual((step["message"], len(step["photos"])), ("Photos added to the report: 2.", 2))
        self.assertError(
            self.client.upload(path, {"photos": [upload()]}, token=self.token(self.p.charlie)), 403, "forbidden"
        )

        actions.respond(complaint=complaint, actor=self.p.oscar, message="Segera kami cek.")
        late = self.client.upload(path, {"photos": [upload("c.jpg")]}, token=token)

        self.assertError(late, 409, "invalid_state")
        self.assertEqual(Attachment.objects.filter(complaint=complaint).count(), 2)

    def test_the_photo_limit_counts_the_photos_already_sent(self) -> None:
        complaint = make_complaint_in(
            Status.ASSIGNED, department=self.p.dpuprpkp, reporter=self.p.alice, photos=clean_photos(4)
        )
        response = self.client.upload(
            f"/complaints/{complaint.tracking_code}/photos",
            {"photos": [upload("a.jpg"), upload("b.jpg")]},
            token=self.token(self.p.alice),
        )
        self.assertError(response, 422, "validation_error")
        self.assertEqual(Attachment.objects.filter(complaint=complaint).count(), 4)

    def test_a_fake_image_is_refused(self) -> None:
        complaint = make_complaint_in(Status.ASSIGNED, department=self.p.dpuprpkp, reporter=self.p.alice)
        fake = upload("x.jpg", content=b"GIF89a but not really" * 10)
        response = self.client.upload(
            f"/complaints/{complaint.tracking_code}/photos", {"photos": [fake]}, token=self.token(self.p.alice)
        )
        self.assertError(response, 422, "invalid_image")
        self.assertFalse(Attachment.objects.filter(complaint=complaint).exists())


class SupportTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.complaint = make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp, reporter=self.p.alice)
        self.path = f"/complaints/{self.complaint.tracking_code}/support"

    def test_a_citizen_supports_once_and_may_withdraw(self) -> None:
        token = self.token(self.p.charlie)
        first = self.client.call("POST", self.path, token=token)
        second = self.client.call("POST", self.path, token=token)

        self.assertEqual(first.json(), {"supported": True, "supporters": 1})
        self.assertEqual(second.json(), {"supported": True, "supporters": 1})
        seen = self.client.call("GET", f"/complaints/{self.complaint.tracking_code}", token=token).json()
        self.assertEqual(seen["supporters"], 1)
        self.assertIn("withdraw_support", seen["you_may"])
        board = self.client.call("GET", "/board").json()["items"]
        self.assertEqual(board[0]["supporters"], 1)

        withdrawn = self.client.call("DELETE", self.path, token=token)

        self.assertEqual(withdrawn.json(), {"supported": False, "supporters": 0})
        self.assertFalse(Supporter.objects.exists())

    def test_the_reporter_staff_and_anonymous_callers_cannot_support(self) -> None:
        self.assertError(self.client.call("POST", self.path, token=self.token(self.p.alice)), 422, "validation_error")
        self.assertError(self.client.call("POST", self.path, token=self.token(self.p.oscar)), 403, "forbidden")
        self.assertError(self.client.call("POST", self.path), 401, "not_authenticated")
        self.assertFalse(Supporter.objects.exists())

    def test_confidential_and_unverified_reports_cannot_be_supported(self) -> None:
        token = self.token(self.p.charlie)
        confidential = make_complaint_in(Status.IN_PROGRESS, department=self.p.dpuprpkp, privacy=Privacy.CONFIDENTIAL)
        in_triage = make_complaint_in(Status.TRIAGE)

        self.assertError(
            self.client.call("POST", f"/complaints/{confidential.tracking_code}/support", token=token), 404, "not_found"
        )
        self.assertError(
            self.client.call("POST", f"/complaints/{in_triage.tracking_code}/support", token=token),
            409,
            "invalid_state",
        )
        self.assertFalse(Supporter.objects.exists())
