"""Who sees and does what (complaints.queries): the rules every screen, API and channel relies on."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.test import TestCase

from sambat.accounts.choices import Role
from sambat.agencies.models import Membership
from sambat.complaints import actions, queries
from sambat.complaints.choices import EventType, Privacy, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import Action


class VisibilityTests(TestCase):
    people: f.Personas
    roads: Complaint
    parking: Complaint
    assisted: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        p = cls.people = f.Personas()
        cls.roads = f.make_complaint(category=p.roads, reporter=p.alice)
        cls.parking = f.make_complaint(category=p.parking, reporter=p.charlie)
        cls.assisted = f.make_complaint(assisted_by=p.kim, reporter_name="Pak Darto")

    def visible(self, user: object) -> set[Complaint]:
        return set(queries.visible_complaints(user))  # type: ignore[arg-type]

    def test_it_shows_each_role_what_it_may_see(self) -> None:
        p = self.people
        everything = {self.roads, self.parking, self.assisted}
        expected = {
            "nobody": (None, set()),
            "anonymous": (AnonymousUser(), set()),
            "alice": (p.alice, {self.roads}),
            "charlie": (p.charlie, {self.parking}),
            "kim": (p.kim, {self.assisted}),
            "vera": (p.vera, everything),
            "lena": (p.lena, everything),
            "oscar": (p.oscar, {self.roads}),
            "hana": (p.hana, {self.roads}),
            "bob": (p.bob, {self.parking}),
            "officer without department": (f.make_user(Role.OFFICER), set()),
            "inactive verifier": (f.make_user(Role.ADMIN, is_active=False), set()),
            "inactive officer": (f.make_user(Role.OFFICER, p.dpuprpkp, is_active=False), set()),
        }
        for name, (user, complaints) in expected.items():
            with self.subTest(user=name):
                self.assertEqual(self.visible(user), complaints)

    def test_it_shows_an_officer_of_two_departments_both_inboxes(self) -> None:
        officer = f.make_user(Role.OFFICER, self.people.dpuprpkp)
        Membership.objects.create(user=officer, department=self.people.dishub)
        self.assertEqual(self.visible(officer), {self.roads, self.parking})

    def test_it_follows_a_complaint_to_its_new_department(self) -> None:
        p = self.people
        actions.reassign_complaint(complaint=self.roads, actor=p.vera, department=p.dishub)
        self.assertEqual(self.visible(p.oscar), set())
        self.assertEqual(self.visible(p.bob), {self.roads, self.parking})

    def test_it_hides_other_departments_complaints_behind_a_404(self) -> None:
        p = self.people
        self.assertEqual(queries.access_complaint(p.oscar, self.roads.id), self.roads)
        for user, complaint in (
            (p.bob, self.roads),
            (p.oscar, self.parking),
            (p.charlie, self.roads),
            (None, self.roads),
        ):
            with self.subTest(user=user, complaint=complaint.tracking_code), self.assertRaises(Http404):
                queries.access_complaint(user, complaint.id)  # type: ignore[arg-type]
        with self.assertRaises(Http404):
            queries.access_complaint(p.vera, 10**9)


class PermittedActionsTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def complaint_in(self, status: Status) -> Complaint:
        p = self.people
        return f.make_complaint_in(status, department=p.dpuprpkp, officer=p.oscar, verifier=p.vera)

    def test_it_gives_each_role_its_actions_in_each_state(self) -> None:
        p = self.people
        department = {Action.START, Action.RESPOND, Action.REQUEST_INFO, Action.RESOLVE, Action.RETURN, Action.NOTE}
        verifier = {Action.ASSIGN, Action.REASSIGN, Action.REJECT, Action.MERGE, Action.NOTE, Action.CORRECT}
        expected = {
            Status.RECEIVED: {"vera": {Action.ASSIGN, Action.REJECT, Action.MERGE, Action.NOTE, Action.CORRECT}},
            Status.TRIAGE: {"vera": {Action.ASSIGN, Action.REJECT, Action.MERGE, Action.NOTE, Action.CORRECT}},
            Status.ASSIGNED: {
                "vera": {Action.REASSIGN, Action.REJECT, Action.MERGE, Action.NOTE, Action.CORRECT},
                "oscar": department,
            },
            Status.IN_PROGRESS: {
                "vera": {Action.REASSIGN, Action.MERGE, Action.NOTE, Action.CORRECT},
                "oscar": department - {Action.START},
            },
            Status.NEEDS_INFO: {
                "vera": {Action.REASSIGN, Action.MERGE, Action.NOTE, Action.CORRECT},
                "oscar": {Action.NOTE},
            },
            Status.RESOLVED: {"vera": {Action.NOTE, Action.CORRECT}, "oscar": {Action.NOTE}},
            Status.CLOSED: {"vera": {Action.NOTE}, "oscar": {Action.NOTE}},
            Status.REJECTED: {"vera": {Action.NOTE}},
            Status.MERGED: {"vera": {Action.NOTE}},
        }
        users = {
            "vera": p.vera,
            "lena": p.lena,
            "oscar": p.oscar,
            "hana": p.hana,
            "bob": p.bob,
            "alice": p.alice,
            "kim": p.kim,
            "nobody": None,
            "anonymous": AnonymousUser(),
        }
        for status, by_user in expected.items():
            complaint = self.complaint_in(status)
            for name, user in users.items():
                want = by_user.get(name, set())
                if name == "hana":
                    want = by_user.get("oscar", set())  # a head works the inbox like an officer
                if name == "lena":
                    want = {Action.INSTRUCT}  # leaders instruct on anything, and do nothing else
                with self.subTest(status=status, user=name):
                    self.assertEqual(set(queries.permitted_actions(user, complaint)), want)  # type: ignore[arg-type]
                    self.assertLessEqual(want, department | verifier | {Action.INSTRUCT})

    def test_it_refuses_another_departments_officer_in_every_action(self) -> None:
        p = self.people
        complaint = self.complaint_in(Status.ASSIGNED)
        before = model_to_dict(Complaint.objects.get(pk=complaint.pk))
        events = f.event_count(complaint)
        attempts = {
            "start": lambda: actions.start_progress(complaint=complaint, actor=p.bob),
            "respond": lambda: actions.respond(complaint=complaint, actor=p.bob, message="x"),
            "request": lambda: actions.request_information(complaint=complaint, actor=p.bob, question="x"),
            "resolve": lambda: actions.resolve_complaint(complaint=complaint, actor=p.bob, message="x"),
            "return": lambda: actions.return_not_our_remit(complaint=complaint, actor=p.bob, reason="x"),
            "note": lambda: actions.add_note(complaint=complaint, actor=p.bob, note="x"),
            "assign": lambda: actions.reassign_complaint(complaint=complaint, actor=p.bob, department=p.dishub),
            "reject": lambda: actions.reject_complaint(complaint=complaint, actor=p.bob, reason="x"),
            "instruct": lambda: actions.add_instruction(complaint=complaint, actor=p.bob, instruction="x"),
            "citizen as staff": lambda: actions.respond(complaint=complaint, actor=p.alice, message="x"),
            "leader as staff": lambda: actions.resolve_complaint(complaint=complaint, actor=p.lena, message="x"),
            "officer as verifier": lambda: actions.reject_complaint(complaint=complaint, actor=p.oscar, reason="x"),
        }
        for name, attempt in attempts.items():
            with self.subTest(attempt=name), self.assertRaises(PermissionDenied):
                attempt()
        self.assertEqual(model_to_dict(Complaint.objects.get(pk=complaint.pk)), before)
        self.assertEqual(f.event_count(complaint), events)

    def test_it_lets_the_officer_write_internal_notes(self) -> None:
        complaint = self.complaint_in(Status.ASSIGNED)
        event = actions.add_note(complaint=complaint, actor=self.people.oscar, note="Koordinasi dengan PDAM.")
        self.assertFalse(event.is_public)
        self.assertEqual(event.internal_note, "Koordinasi dengan PDAM.")
        self.assertNotIn(event, queries.public_events(complaint))
        self.assertIn(event, queries.staff_events(complaint))

    def test_it_offers_the_citizen_what_the_state_allows(self) -> None:
        needs_info = self.complaint_in(Status.NEEDS_INFO)
        self.assertEqual(queries.citizen_actions(needs_info), {Action.CITIZEN_REPLY})
        resolved = self.complaint_in(Status.RESOLVED)
        self.assertEqual(queries.citizen_actions(resolved), {Action.REOPEN, Action.RATE, Action.CONFIRM})
        f.backdate(resolved, resolved_at=f.days_ago(11))
        self.assertEqual(queries.citizen_actions(resolved), {Action.RATE, Action.CONFIRM})
        closed = self.complaint_in(Status.CLOSED)
        self.assertEqual(queries.citizen_actions(closed), {Action.RATE})
        closed = actions.rate_complaint(complaint=closed, rating=3)
        self.assertEqual(queries.citizen_actions(closed), set())
        for status in (Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS, Status.REJECTED, Status.MERGED):
            with self.subTest(status=status):
                self.assertEqual(queries.citizen_actions(self.complaint_in(status)), set())


class ReporterIdentityTests(TestCase):
    def test_it_shows_the_reporter_only_to_those_allowed(self) -> None:
        department = f.make_department()
        users = {
            "nobody": None,
            "citizen": f.make_user(Role.CITIZEN),
            "kim": f.make_user(Role.KIM),
            "admin": f.make_user(Role.ADMIN),
            "officer": f.make_user(Role.OFFICER, department),
            "head": f.make_user(Role.HEAD, department),
            "leader": f.make_user(Role.LEADER),
            "inactive admin": f.make_user(Role.ADMIN, is_active=False),
            "other department's officer": f.make_user(Role.OFFICER, f.make_department()),
        }
        allowed = {
            Privacy.PUBLIC: {"admin", "officer", "head", "leader"},
            Privacy.ANONYMOUS: set(),
            Privacy.CONFIDENTIAL: {"admin"},
        }
        for privacy, who in allowed.items():
            complaint = f.make_complaint_in(Status.ASSIGNED, department=department, privacy=privacy)
            for name, user in users.items():
                with self.subTest(privacy=privacy, user=name):
                    self.assertEqual(queries.reporter_identity_visible(user, complaint), name in who)  # type: ignore[arg-type]


class PublicBoardTests(f.TemporaryMediaMixin, TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_lists_only_accepted_non_confidential_complaints(self) -> None:
        p = self.people
        shown = set()
        for status in Status:
            for privacy in Privacy:
                complaint = f.make_complaint_in(status, department=p.dpuprpkp, officer=p.oscar, privacy=privacy)
                complaint.refresh_from_db()
                if privacy != Privacy.CONFIDENTIAL and status in queries.BOARD_STATUSES:
                    shown.add(complaint.pk)
        board = {c.pk for c in queries.public_board()}
        self.assertEqual(board, shown)
        statuses = set(Complaint.objects.filter(pk__in=board).values_list("status", flat=True))
        self.assertEqual(
            statuses, {Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.RESOLVED, Status.CLOSED}
        )
        self.assertFalse(Complaint.objects.filter(pk__in=board, privacy=Privacy.CONFIDENTIAL).exists())

    def test_it_filters_by_category_kecamatan_status_and_text(self) -> None:
        p = self.people
        in_klojen = f.make_complaint(
            category=p.roads, latitude=f.MALANG_LAT, longitude=f.MALANG_LON, text="Aspal mengelupas di Jalan Ijen"
        )
        parking = f.make_complaint(category=p.parking, text="Parkir liar di trotoar")
        resolved = f.make_complaint_in(Status.RESOLVED, department=p.dpuprpkp, officer=p.oscar, category=p.roads)
        self.assertEqual({c.pk for c in queries.public_board(category_code="parkir")}, {parking.pk})
        self.assertEqual({c.pk for c in queries.public_board(kecamatan_code=p.kecamatan.code)}, {in_klojen.pk})
        self.assertEqual({c.pk for c in queries.public_board(status=Status.RESOLVED)}, {resolved.pk})
        self.assertEqual({c.pk for c in queries.public_board(query="ijen")}, {in_klojen.pk})
        # An unknown or hidden status filter is ignored rather than revealing anything.
        self.assertEqual(
            {c.pk for c in queries.public_board(status=Status.REJECTED)}, {in_klojen.pk, parking.pk, resolved.pk}
        )

    def test_it_lists_a_page_in_a_fixed_number_of_queries(self) -> None:
        p = self.people
        for i in range(12):
            f.make_complaint(
                category=p.roads if i % 2 else p.parking,
                latitude=f.MALANG_LAT,
                longitude=f.MALANG_LON,
                photos=f.clean_photos(1) if i % 3 == 0 else (),
            )
        with self.assertNumQueries(2):
            for complaint in queries.public_board()[:20]:
                _ = (
                    complaint.category,
                    complaint.department,
                    complaint.kecamatan,
                    complaint.area,
                    [a.thumbnail.name for a in complaint.attachments.all()],
                )

    def test_it_shows_only_public_events_and_photos(self) -> None:
        p = self.people
        complaint = f.make_complaint(category=p.roads, photos=f.clean_photos(1))
        actions.add_note(complaint=complaint, actor=p.oscar, note="internal")
        types = [e.event_type for e in queries.public_events(complaint)]
        self.assertEqual(types, [EventType.SUBMITTED, EventType.ROUTED])
        self.assertEqual(len(queries.public_attachments(complaint)), 1)
        confidential = f.make_complaint(category=p.roads, photos=f.clean_photos(1), privacy=Privacy.CONFIDENTIAL)
        self.assertEqual(queries.public_attachments(confidential), [])
        event = queries.public_events(confidential).get(event_type=EventType.SUBMITTED)
        self.assertEqual(list(event.attachments.all()), [])


class CitizenOwnershipTests(TestCase):
    def test_it_recognises_the_citizen_by_key_session_or_account(self) -> None:
        alice, kim, charlie = f.make_user(Role.CITIZEN), f.make_user(Role.KIM), f.make_user(Role.CITIZEN)
        complaint = f.make_complaint(reporter=alice)
        assisted = f.make_complaint(assisted_by=kim)
        anonymous = AnonymousUser()
        self.assertTrue(queries.is_citizen_of(complaint, user=None, key=complaint.citizen_key))
        self.assertTrue(queries.is_citizen_of(complaint, user=anonymous, session_codes=[complaint.tracking_code]))  # type: ignore[arg-type]
        self.assertTrue(queries.is_citizen_of(complaint, user=alice))
        self.assertTrue(queries.is_citizen_of(assisted, user=kim))

        self.assertFalse(queries.is_citizen_of(complaint, user=None))
        self.assertFalse(queries.is_citizen_of(complaint, user=anonymous, key=""))  # type: ignore[arg-type]
        self.assertFalse(queries.is_citizen_of(complaint, user=None, key=assisted.citizen_key))
        self.assertFalse(queries.is_citizen_of(complaint, user=None, key=complaint.citizen_key[:-1]))
        self.assertFalse(queries.is_citizen_of(complaint, user=None, session_codes=[assisted.tracking_code]))
        self.assertFalse(queries.is_citizen_of(complaint, user=charlie))
        self.assertFalse(queries.is_citizen_of(complaint, user=kim))
        self.assertFalse(queries.is_citizen_of(assisted, user=alice))

    def test_it_refuses_a_malformed_key_without_crashing(self) -> None:
        complaint = f.make_complaint()
        for key in ("ünïcödé", "\x00", "a" * 1000, complaint.citizen_key + "é"):
            with self.subTest(key=key):
                self.assertFalse(queries.is_citizen_of(complaint, user=None, key=key))

    def test_it_forgets_an_inactive_account(self) -> None:
        alice = f.make_user(Role.CITIZEN)
        complaint = f.make_complaint(reporter=alice)
        alice.is_active = False
        self.assertFalse(queries.is_citizen_of(complaint, user=alice))


class TrackingLookupTests(TestCase):
    def test_it_finds_a_complaint_by_any_spelling_of_its_code(self) -> None:
        complaint = f.make_complaint()
        code = complaint.tracking_code
        body = code.removeprefix("SBT-")
        for spelling in (code, code.lower(), f"sbt {body.lower()}", f"SBT{body}", body, f"  {code}  "):
            with self.subTest(spelling=spelling):
                self.assertEqual(queries.find_by_tracking_code(spelling), complaint)
        for spelling in ("", "SBT-", "SBT-0000000", "garbage", "SBT-" + body[:-1]):
            with self.subTest(spelling=spelling):
                self.assertIsNone(queries.find_by_tracking_code(spelling))


class InboxTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def test_it_lists_only_the_departments_open_complaints(self) -> None:
        p = self.people
        mine = {
            status: f.make_complaint_in(status, department=p.dpuprpkp, officer=p.oscar)
            for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO, Status.RESOLVED, Status.CLOSED)
        }
        f.make_complaint_in(Status.ASSIGNED, department=p.dishub, officer=p.bob)
        f.make_complaint_in(Status.TRIAGE)
        inbox = set(queries.inbox(p.oscar, queries.InboxFilters()))
        self.assertEqual(inbox, {mine[s] for s in (Status.ASSIGNED, Status.IN_PROGRESS, Status.NEEDS_INFO)})
        everything = set(queries.inbox(p.oscar, queries.InboxFilters(status="all")))
        self.assertEqual(everything, set(mine.values()))
        resolved = set(queries.inbox(p.oscar, queries.InboxFilters(status=Status.RESOLVED)))
        self.assertEqual(resolved, {mine[Status.RESOLVED]})
        # Searching by another department's department id or tracking code finds nothing of theirs.
        self.assertEqual(set(queries.inbox(p.oscar, queries.InboxFilters(department_id=p.dishub.id))), set())

    def test_it_finds_by_text_or_tracking_code_and_sorts_by_due_date(self) -> None:
        p = self.people
        first = f.make_complaint(category=p.roads, text="Lampu jalan mati di Jalan Kawi")
        second = f.make_complaint(category=p.roads, text="Trotoar rusak")
        f.backdate(first, resolve_due_at=f.days_ago(-10))
        f.backdate(second, resolve_due_at=f.days_ago(-2))
        self.assertEqual(list(queries.inbox(p.oscar, queries.InboxFilters())), [second, first])
        self.assertEqual(list(queries.inbox(p.oscar, queries.InboxFilters(query="kawi"))), [first])
        code = queries.InboxFilters(query=second.tracking_code.lower())
        self.assertEqual(list(queries.inbox(p.oscar, code)), [second])

    def test_it_lists_a_page_in_two_queries(self) -> None:
        p = self.people
        for _ in range(10):
            f.make_complaint(category=p.roads, latitude=f.MALANG_LAT, longitude=f.MALANG_LON)
        user = type(p.oscar).objects.get(pk=p.oscar.pk)
        # One query for the department ids of the officer, one for the page with its related rows.
        with self.assertNumQueries(2):
            for complaint in queries.inbox(user, queries.InboxFilters())[:25]:
                _ = (complaint.category, complaint.department, complaint.kecamatan, complaint.area)

    def test_it_marks_overdue_complaints_the_same_way_in_lists_and_pages(self) -> None:
        p = self.people
        for status in Status:
            complaint = f.make_complaint_in(status, department=p.dpuprpkp, officer=p.oscar)
            for field in ("verify_due_at", "respond_due_at", "resolve_due_at"):
                f.backdate(complaint, **{field: f.days_ago(1)})
        overdue_ids = set(queries.overdue(Complaint.objects.all()).values_list("pk", flat=True))
        for complaint in Complaint.objects.all():
            with self.subTest(status=complaint.status):
                self.assertEqual(queries.is_overdue(complaint), complaint.pk in overdue_ids)
        statuses = set(Complaint.objects.filter(pk__in=overdue_ids).values_list("status", flat=True))
        # Paused (needs_info) and finished complaints are never overdue.
        self.assertEqual(statuses, {Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS})

    def test_it_puts_triage_and_returned_complaints_in_the_verifiers_queue(self) -> None:
        p = self.people
        triage = f.make_complaint_in(Status.TRIAGE)
        returned = f.make_complaint_in(Status.ASSIGNED, department=p.dpuprpkp)
        actions.return_not_our_remit(complaint=returned, actor=p.oscar, reason="Bukan kewenangan.")
        f.make_complaint_in(Status.ASSIGNED, department=p.dpuprpkp)
        self.assertEqual(list(queries.triage_queue()), [triage, returned])
