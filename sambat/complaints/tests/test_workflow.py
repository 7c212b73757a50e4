"""The state machine: the table itself, and every action in every state through the real action functions."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import SimpleTestCase, TestCase

from sambat.complaints import actions
from sambat.complaints.choices import ActorKind, EventType, RoutingSource, Status
from sambat.complaints.models import Complaint, ComplaintEvent
from sambat.complaints.tests import factories as f
from sambat.complaints.workflow import TRANSITIONS, Action, TransitionNotAllowed, is_allowed, target_status
from sambat.notifications.models import OutboxMessage
from sambat.routing.decide import RouteDecision

S = Status
OPEN_WITH_DEPARTMENT = {S.ASSIGNED, S.IN_PROGRESS, S.NEEDS_INFO}

# DESIGN §2 written out independently of workflow.TRANSITIONS, so an accidental edit of the table shows up here.
# action -> (states it may start from, state it leads to; None = unchanged)
EXPECTED: dict[Action, tuple[set[Status], Status | None]] = {
    Action.ROUTE: ({S.RECEIVED}, S.ASSIGNED),
    Action.SEND_TO_TRIAGE: ({S.RECEIVED}, S.TRIAGE),
    Action.ASSIGN: ({S.RECEIVED, S.TRIAGE}, S.ASSIGNED),
    Action.REASSIGN: (OPEN_WITH_DEPARTMENT, S.ASSIGNED),
    Action.RETURN: ({S.ASSIGNED, S.IN_PROGRESS}, S.TRIAGE),
    Action.START: ({S.ASSIGNED}, S.IN_PROGRESS),
    Action.RESPOND: ({S.ASSIGNED, S.IN_PROGRESS}, S.IN_PROGRESS),
    Action.REQUEST_INFO: ({S.ASSIGNED, S.IN_PROGRESS}, S.NEEDS_INFO),
    Action.CITIZEN_REPLY: ({S.NEEDS_INFO}, S.IN_PROGRESS),
    Action.RESOLVE: ({S.ASSIGNED, S.IN_PROGRESS}, S.RESOLVED),
    Action.REOPEN: ({S.RESOLVED}, S.IN_PROGRESS),
    Action.CONFIRM: ({S.RESOLVED}, S.CLOSED),
    Action.RATE: ({S.RESOLVED, S.CLOSED}, None),
    Action.AUTO_CLOSE: ({S.RESOLVED}, S.CLOSED),
    Action.REJECT: ({S.RECEIVED, S.TRIAGE, S.ASSIGNED}, S.REJECTED),
    Action.MERGE: ({S.RECEIVED, S.TRIAGE, *OPEN_WITH_DEPARTMENT}, S.MERGED),
    Action.NOTE: (set(S), None),
    Action.INSTRUCT: (set(S), None),
    Action.CORRECT: ({S.RECEIVED, S.TRIAGE, *OPEN_WITH_DEPARTMENT, S.RESOLVED}, None),
}


class TransitionTableTests(SimpleTestCase):
    def test_it_has_a_rule_for_every_action(self) -> None:
        self.assertEqual(set(TRANSITIONS), set(Action))

    def test_it_matches_the_design(self) -> None:
        for action in Action:
            with self.subTest(action=action):
                sources, target = TRANSITIONS[action]
                self.assertEqual(set(sources), EXPECTED[action][0])
                self.assertEqual(target, EXPECTED[action][1])

    def test_it_allows_exactly_what_the_table_says(self) -> None:
        for action in Action:
            sources, target = TRANSITIONS[action]
            for status in Status:
                with self.subTest(action=action, status=status):
                    if status in sources:
                        self.assertTrue(is_allowed(action, status))
                        self.assertEqual(target_status(action, status), target or status)
                    else:
                        self.assertFalse(is_allowed(action, status))
                        with self.assertRaises(TransitionNotAllowed):
                            target_status(action, status)

    def test_it_lets_nothing_leave_a_final_state_except_by_rating(self) -> None:
        for status in (S.CLOSED, S.REJECTED, S.MERGED):
            for action in Action:
                if is_allowed(action, status):
                    with self.subTest(action=action, status=status):
                        self.assertIn(action, {Action.NOTE, Action.INSTRUCT, Action.RATE})
                        self.assertEqual(target_status(action, status), status)


# What each action writes: event type, who it shows as acting, and whether the public timeline shows it.
EVENTS: dict[Action, tuple[str, str, bool]] = {
    Action.ROUTE: (EventType.ROUTED, ActorKind.SYSTEM, True),
    Action.SEND_TO_TRIAGE: (EventType.SENT_TO_TRIAGE, ActorKind.SYSTEM, True),
    Action.ASSIGN: (EventType.ASSIGNED, ActorKind.VERIFIER, True),
    Action.REASSIGN: (EventType.REASSIGNED, ActorKind.VERIFIER, True),
    Action.RETURN: (EventType.RETURNED, ActorKind.DEPARTMENT, True),
    Action.START: (EventType.PROGRESS, ActorKind.DEPARTMENT, True),
    Action.RESPOND: (EventType.RESPONDED, ActorKind.DEPARTMENT, True),
    Action.REQUEST_INFO: (EventType.INFO_REQUESTED, ActorKind.DEPARTMENT, True),
    Action.CITIZEN_REPLY: (EventType.CITIZEN_REPLIED, ActorKind.CITIZEN, True),
    Action.RESOLVE: (EventType.RESOLVED, ActorKind.DEPARTMENT, True),
    Action.REOPEN: (EventType.REOPENED, ActorKind.CITIZEN, True),
    Action.RATE: (EventType.RATED, ActorKind.CITIZEN, True),
    Action.AUTO_CLOSE: (EventType.CLOSED, ActorKind.SYSTEM, True),
    Action.REJECT: (EventType.REJECTED, ActorKind.VERIFIER, True),
    Action.MERGE: (EventType.MERGED, ActorKind.VERIFIER, True),
    Action.NOTE: (EventType.NOTE, ActorKind.VERIFIER, False),
    Action.INSTRUCT: (EventType.INSTRUCTION, ActorKind.LEADER, False),
    Action.CORRECT: (EventType.DETAILS_CORRECTED, ActorKind.VERIFIER, False),
}


class TransitionThroughActionsTests(TestCase):
    """Every action in every state, called the way the screens and channels call it."""

    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()

    def complaint_in(self, status: Status) -> Complaint:
        p = self.people
        return f.make_complaint_in(
            status, department=p.dpuprpkp, officer=p.oscar, verifier=p.vera, category=p.roads, reporter=p.alice
        )

    def performer(self, action: Action) -> Callable[[Complaint], object]:
        p = self.people

        def route(complaint: Complaint) -> None:
            decision = RouteDecision(
                department=p.dpuprpkp, category=p.roads, source=RoutingSource.CATEGORY, confidence=1.0
            )
            with transaction.atomic():
                actions._apply_route(complaint, decision)

        def send_to_triage(complaint: Complaint) -> None:
            with transaction.atomic():
                actions._apply_route(complaint, RouteDecision(department=None, category=None, reason="No category"))

        return {
            Action.ROUTE: route,
            Action.SEND_TO_TRIAGE: send_to_triage,
            Action.ASSIGN: lambda c: actions.assign_complaint(complaint=c, actor=p.vera, department=p.dpuprpkp),
            Action.REASSIGN: lambda c: actions.reassign_complaint(complaint=c, actor=p.vera, department=p.dishub),
            Action.RETURN: lambda c: actions.return_not_our_remit(complaint=c, actor=p.oscar, reason="Jalan provinsi"),
            Action.START: lambda c: actions.start_progress(complaint=c, actor=p.oscar),
            Action.RESPOND: lambda c: actions.respond(complaint=c, actor=p.oscar, message="Tim sudah survei."),
            Action.REQUEST_INFO: lambda c: actions.request_information(complaint=c, actor=p.oscar, question="Di mana?"),
            Action.CITIZEN_REPLY: lambda c: actions.citizen_reply(complaint=c, message="Depan SDN 1."),
            Action.RESOLVE: lambda c: actions.resolve_complaint(complaint=c, actor=p.oscar, message="Sudah ditambal."),
            Action.REOPEN: lambda c: actions.reopen_complaint(complaint=c, reason="Masih berlubang."),
            Action.RATE: lambda c: actions.rate_complaint(complaint=c, rating=4, comment="Cepat"),
            Action.AUTO_CLOSE: lambda c: actions.auto_close(complaint=c),
            Action.REJECT: lambda c: actions.reject_complaint(complaint=c, actor=p.vera, reason="Iklan."),
            Action.MERGE: lambda c: actions.merge_complaint(
                complaint=c, actor=p.vera, into=f.make_complaint(text="Laporan yang sama, lebih dulu.")
            ),
            Action.NOTE: lambda c: actions.add_note(complaint=c, actor=p.vera, note="Cek lokasi."),
            Action.INSTRUCT: lambda c: actions.add_instruction(complaint=c, actor=p.lena, instruction="Segera."),
            Action.CORRECT: lambda c: actions.correct_details(complaint=c, actor=p.vera, category=p.parking),
        }[action]

    def test_it_performs_every_allowed_transition_with_one_event(self) -> None:
        for action, (event_type, actor_kind, is_public) in EVENTS.items():
            for status in TRANSITIONS[action][0]:
                with self.subTest(action=action, status=status):
                    complaint = self.complaint_in(status)
                    events_before = f.event_count(complaint)

                    self.performer(action)(complaint)

                    complaint.refresh_from_db()
                    expected = TRANSITIONS[action][1] or status
                    if action == Action.RATE and status == S.RESOLVED:
                        expected = S.CLOSED  # rating a resolved complaint confirms it
                    self.assertEqual(complaint.status, expected)
                    self.assertEqual(f.event_count(complaint), events_before + 1)
                    event = complaint.events.order_by("-id").first()
                    assert event is not None
                    expected_type = event_type
                    if action == Action.RESPOND and status == S.IN_PROGRESS:
                        expected_type = EventType.PROGRESS  # marking "in progress" already was the first response
                    self.assertEqual(event.event_type, expected_type)
                    self.assertEqual(event.from_status, status)
                    self.assertEqual(event.to_status, expected)
                    self.assertEqual(event.actor_kind, actor_kind)
                    self.assertEqual(event.is_public, is_public)

    def test_it_refuses_every_forbidden_transition_and_changes_nothing(self) -> None:
        for action in EVENTS:
            for status in set(Status) - TRANSITIONS[action][0]:
                with self.subTest(action=action, status=status):
                    complaint = self.complaint_in(status)
                    row_before = model_to_dict(Complaint.objects.get(pk=complaint.pk))
                    updated_before = Complaint.objects.get(pk=complaint.pk).updated_at
                    events_before = ComplaintEvent.objects.count()
                    outbox_before = OutboxMessage.objects.count()

                    with self.assertRaises((TransitionNotAllowed, PermissionDenied)):
                        self.performer(action)(complaint)

                    after = Complaint.objects.get(pk=complaint.pk)
                    self.assertEqual(model_to_dict(after), row_before)
                    self.assertEqual(after.updated_at, updated_before)
                    # MERGE makes its target complaint before it is refused; that one has its own events.
                    if action != Action.MERGE:
                        self.assertEqual(ComplaintEvent.objects.count(), events_before)
                        self.assertEqual(OutboxMessage.objects.count(), outbox_before)
                    self.assertEqual(f.event_count(complaint), f.event_count(after))

    def test_it_confirms_a_resolution_when_the_citizen_rates_it(self) -> None:
        # Action.CONFIRM has no function of its own: the citizen confirms by rating (rate_complaint).
        complaint = self.complaint_in(S.RESOLVED)
        actions.rate_complaint(complaint=complaint, rating=5)
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, S.CLOSED)
        self.assertIsNotNone(complaint.closed_at)

    def test_it_records_a_second_response_as_progress(self) -> None:
        complaint = self.complaint_in(S.ASSIGNED)
        actions.respond(complaint=complaint, actor=self.people.oscar, message="Pertama.")
        actions.respond(complaint=complaint, actor=self.people.oscar, message="Kedua.")
        types = list(complaint.events.order_by("id").values_list("event_type", flat=True))
        self.assertEqual(types[-2:], [EventType.RESPONDED, EventType.PROGRESS])

    def test_it_records_the_first_response_time_once(self) -> None:
        complaint = self.complaint_in(S.ASSIGNED)
        actions.start_progress(complaint=complaint, actor=self.people.oscar)
        complaint.refresh_from_db()
        first = complaint.first_response_at
        self.assertIsNotNone(first)
        actions.respond(complaint=complaint, actor=self.people.oscar, message="Sedang dikerjakan.")
        complaint.refresh_from_db()
        self.assertEqual(complaint.first_response_at, first)

    def test_it_tells_the_department_which_gave_a_complaint_back(self) -> None:
        complaint = self.complaint_in(S.IN_PROGRESS)
        actions.return_not_our_remit(complaint=complaint, actor=self.people.oscar, reason="Wewenang provinsi.")
        complaint.refresh_from_db()
        self.assertIsNone(complaint.department)
        self.assertIsNone(complaint.respond_due_at)
        self.assertIsNotNone(complaint.verify_due_at)
        self.assertIn("Wewenang provinsi.", complaint.triage_reason)
        event = complaint.events.order_by("-id").first()
        assert event is not None
        self.assertEqual(event.department, self.people.dpuprpkp)
        self.assertEqual(event.internal_note, "Wewenang provinsi.")

    def test_it_tells_a_wrong_state_apart_from_a_wrong_person(self) -> None:
        p = self.people
        closed = self.complaint_in(S.CLOSED)
        with self.assertRaises(TransitionNotAllowed):
            actions.resolve_complaint(complaint=closed, actor=p.oscar, message="Lagi.")
        assigned = self.complaint_in(S.ASSIGNED)
        with self.assertRaises(PermissionDenied):
            actions.resolve_complaint(complaint=assigned, actor=p.bob, message="Bukan dinas saya.")
        with self.assertRaises(PermissionDenied):
            actions.resolve_complaint(complaint=closed, actor=p.bob, message="Bukan dinas saya.")
