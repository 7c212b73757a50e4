import datetime as dt
import os
from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.test import TestCase
from django.utils import timezone

from sambat.accounts.choices import Role
from sambat.accounts.models import User
from sambat.agencies.admin import CategoryForm
from sambat.agencies.models import Area, Category, Department, Membership
from sambat.agencies.queries import find_kelurahan
from sambat.complaints.choices import EventType, Privacy, Status
from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.tests.factories import TemporaryMediaMixin
from sambat.demo.models import DemoDataset
from sambat.demo.reference import DEMO_PASSWORD
from sambat.demo.stories import story_quota
from sambat.notifications.models import OutboxMessage

COMPLAINTS = 45  # enough for every story, small enough to stay quick

# "received" only lasts inside submit_complaint: routing moves every complaint on at once.
REACHABLE = [status for status in Status if status != Status.RECEIVED]


def load(**options: object) -> str:
    out = StringIO()
    call_command("load_demo", complaints=COMPLAINTS, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Area,
        Department,
        Category,
        User,
        Membership,
        Complaint,
        ComplaintEvent,
        Attachment,
        OutboxMessage,
        DemoDataset,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


class LoadDemoTests(TemporaryMediaMixin, TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = load()

    def test_it_loads_the_city(self) -> None:
        self.assertEqual(Area.objects.count(), 63)
        self.assertEqual(Department.objects.count(), 96)
        self.assertEqual(Category.objects.count(), 24)
        self.assertEqual(Complaint.objects.count(), COMPLAINTS)

    def test_it_creates_nothing_twice(self) -> None:
        before = counts()
        output = load()
        self.assertEqual(counts(), before)
        self.assertIn("none added", output)

    def test_it_adds_the_example_routing_rules_once(self) -> None:
        from sambat.routing.models import RoutingRule

        names = list(RoutingRule.objects.values_list("name", flat=True))
        self.assertEqual(names, ["Drainase di Kecamatan Sukun", "Lampu lalu lintas"])
        load()
        self.assertEqual(RoutingRule.objects.count(), 2)

    def test_it_reaches_every_status(self) -> None:
        present = set(Complaint.objects.values_list("status", flat=True))
        self.assertEqual(present, set(REACHABLE))

    def test_it_changes_complaints_only_through_actions(self) -> None:
        complaints = Complaint.objects.annotate(events_count=Count("events")).prefetch_related("events")
        for complaint in complaints:
            events = list(complaint.events.all())
            with self.subTest(complaint=complaint.tracking_code):
                self.assertEqual(events[0].event_type, EventType.SUBMITTED)
                self.assertEqual(events[0].created_at, complaint.created_at)
                # The last event that moved the status says where the complaint is now.
                moves = [event for event in events if event.to_status != event.from_status]
                self.assertEqual(moves[-1].to_status, complaint.status)

    def test_it_spreads_the_history_over_the_last_90_days(self) -> None:
        now = timezone.now()
        span = Complaint.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
        self.assertGreaterEqual(span["first"], now - dt.timedelta(days=91))
        self.assertLess(span["first"], now - dt.timedelta(days=30))
        self.assertFalse(ComplaintEvent.objects.filter(created_at__gt=now).exists())
        resolved = Complaint.objects.filter(status=Status.RESOLVED)
        # Resolved and still open to a reopen: resolved within the last 10 days.
        self.assertFalse(resolved.filter(resolved_at__lt=now - dt.timedelta(days=10)).exists())
        self.assertTrue(Complaint.objects.filter(status=Status.CLOSED, rating__isnull=False).exists())
        self.assertTrue(Complaint.objects.filter(reopen_count__gt=0).exists())
        self.assertTrue(Complaint.objects.filter(merged_into__isnull=False).exists())

    def test_it_leaves_no_old_notification_waiting_to_be_sent(self) -> None:
        self.assertTrue(OutboxMessage.objects.exists())
        self.assertFalse(OutboxMessage.objects.exclude(status="sent").exists())

    def test_it_pins_complaints_inside_their_kelurahan(self) -> None:
        pinned = Complaint.objects.filter(latitude__isnull=False).select_related("area", "kecamatan")
        self.assertTrue(pinned.exists())
        for complaint in pinned:
            with self.subTest(complaint=complaint.tracking_code):
                area = find_kelurahan(lat=float(complaint.latitude), lon=float(complaint.longitude))  # type: ignore[arg-type]
                self.assertEqual(area, complaint.area)
                self.assertEqual(complaint.kecamatan, area.parent)  # type: ignore[union-attr]
                self.assertIn(area.name, complaint.address)  # type: ignore[union-attr]

    def test_it_mixes_privacy_and_unrouted_reports(self) -> None:
        privacies = set(Complaint.objects.values_list("privacy", flat=True))
        self.assertLessEqual({Privacy.PUBLIC, Privacy.ANONYMOUS}, privacies)
        self.assertTrue(Complaint.objects.filter(status=Status.TRIAGE, department__isnull=True).exists())

    def test_it_gives_every_department_that_gets_complaints_an_officer(self) -> None:
        for department_id in Complaint.objects.exclude(department=None).values_list("department", flat=True):
            self.assertTrue(Membership.objects.filter(department_id=department_id, user__role=Role.OFFICER).exists())

    def test_it_creates_one_person_per_role_and_prints_the_logins(self) -> None:
        for role in Role:
            self.assertTrue(User.objects.filter(role=role).exists(), role)
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_staff and admin.is_superuser)
        self.assertEqual(User.objects.filter(is_superuser=True).count(), 1)
        self.assertEqual(admin.role, Role.ADMIN)
        self.assertTrue(admin.check_password(DEMO_PASSWORD))
        officer = User.objects.get(username="petugas.dpuprpkp")
        self.assertEqual(list(officer.memberships.values_list("department__code", flat=True)), ["dpuprpkp"])
        for username in (
            "admin",
            "petugas.dpuprpkp",
            "kepala.dpuprpkp",
            "petugas.dishub",
            "pimpinan",
            "kim",
            "warga",
            DEMO_PASSWORD,
        ):
            self.assertIn(username, self.output)

    def test_it_lets_the_demo_users_sign_in(self) -> None:
        response = self.client.post("/akun/masuk/", {"username": "petugas.dishub", "password": DEMO_PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), User.objects.get(username="petugas.dishub").id)

    def test_it_keeps_a_changed_password_on_a_second_run(self) -> None:
        admin = User.objects.get(username="admin")
        admin.set_password("a-new-secret-2026")
        admin.save(update_fields=["password"])
        load()
        admin.refresh_from_db()
        self.assertTrue(admin.check_password("a-new-secret-2026"))

    def test_it_defines_categories_the_admin_form_accepts(self) -> None:
        self.assertIsNone(Category.objects.get(code="lainnya").default_department)
        self.assertTrue(Category.objects.get(code="layanan-kelurahan").handled_by_kecamatan)
        self.assertEqual(Category.objects.get(code="air-pdam").default_department.code, "perumda-tugu-tirta")  # type: ignore[union-attr]
        for category in Category.objects.all():
            form = CategoryForm(data={"extra_questions": category.extra_questions}, instance=category)
            form.is_valid()
            self.assertNotIn("extra_questions", form.errors, category.code)

    def test_it_refuses_to_run_in_production(self) -> None:
        with mock.patch.dict(os.environ, {"SAMBAT_PRODUCTION": "1"}):
            with self.assertRaisesMessage(CommandError, "SAMBAT_PRODUCTION"):
                load()


class LoadDemoQuotaTests(TestCase):
    def test_it_gives_every_story_a_place_and_keeps_the_total(self) -> None:
        for total in (13, 45, 300, 1000):
            names = story_quota(total)
            self.assertEqual(len(names), total)
            self.assertEqual(len(set(names)), 13)
