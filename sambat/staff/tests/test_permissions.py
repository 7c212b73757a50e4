"""Permission matrix: staff of department A cannot see, list, search or act on department B's complaints."""

from django.urls import reverse

from sambat.complaints.choices import Privacy
from sambat.complaints.models import Complaint
from sambat.complaints.workflow import Action
from sambat.staff.tests.personas import StaffTestCase
from sambat.staff.tests.test_actions import Snapshot

ACTION_DATA = {
    "message": "Sudah kami tangani.",
    "question": "Di mana?",
    "reason": "Bukan kami.",
    "note": "Catatan.",
    "instruction": "Segera.",
    "department": "dpuprpkp",
    "category": "jalan-rusak",
    "kind": "pengaduan",
    "into": "SBT-ZZZZZZ",
}
STAFF_ACTIONS = [
    Action.ASSIGN,
    Action.REASSIGN,
    Action.CORRECT,
    Action.REJECT,
    Action.MERGE,
    Action.NOTE,
    Action.START,
    Action.RESPOND,
    Action.REQUEST_INFO,
    Action.RESOLVE,
    Action.RETURN,
    Action.INSTRUCT,
]


class DepartmentIsolationTests(StaffTestCase):
    ours: Complaint
    theirs: Complaint
    their_secret: Complaint
    unrouted: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ours = cls.roads_complaint("Lampu jalan padam di Jl. Ijen sejak Senin.")
        cls.theirs = cls.parking_complaint("Juru parkir liar menarik tarif dua kali lipat di Jl. Kawi.")
        cls.their_secret = cls.parking_complaint(
            "Oknum petugas meminta uang damai saat razia.", privacy=Privacy.CONFIDENTIAL
        )
        cls.unrouted = cls.triage_complaint("Saluran mampet di gang tiga, bau menyengat.")

    def test_it_hides_other_departments_complaints_from_the_page(self) -> None:
        for user in (self.oscar, self.hana):
            self.client.force_login(user)
            for complaint in (self.theirs, self.their_secret, self.unrouted):
                with self.subTest(user=user.username, complaint=complaint.tracking_code):
                    response = self.client.get(reverse("staff:complaint", args=[complaint.pk]))
                    self.assertEqual(response.status_code, 404)
            self.assertEqual(self.client.get(reverse("staff:complaint", args=[self.ours.pk])).status_code, 200)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(reverse("staff:complaint", args=[self.ours.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("staff:complaint", args=[self.theirs.pk])).status_code, 200)

    def test_it_leaves_other_departments_complaints_out_of_the_inbox(self) -> None:
        self.client.force_login(self.oscar)
        for status in ("open", "all", "assigned", "triage"):
            with self.subTest(status=status):
                response = self.client.get(reverse("staff:inbox"), {"status": status})
                self.assertNotContains(response, self.theirs.tracking_code)
                self.assertNotContains(response, self.their_secret.tracking_code)
                self.assertNotContains(response, self.unrouted.tracking_code)
        self.assertContains(self.client.get(reverse("staff:inbox")), self.ours.tracking_code)

    def test_it_finds_nothing_of_other_departments_by_search(self) -> None:
        self.client.force_login(self.oscar)
        for query in (self.theirs.tracking_code, "parkir liar", "uang damai", "Saluran mampet"):
            with self.subTest(query=query):
                response = self.client.get(reverse("staff:inbox"), {"q": query, "status": "all"})
                self.assertEqual(response.context["page"].paginator.count, 0)
                for complaint in (self.theirs, self.their_secret, self.unrouted):
                    self.assertNotContains(response, reverse("staff:complaint", args=[complaint.pk]))
                self.assertNotContains(response, "Oknum petugas")
        response = self.client.get(reverse("staff:inbox"), {"q": self.ours.tracking_code, "status": "all"})
        self.assertEqual(response.context["page"].paginator.count, 1)

    def test_it_refuses_a_filter_on_another_department(self) -> None:
        self.client.force_login(self.oscar)
        response = self.client.get(reverse("staff:inbox"), {"department": str(self.dishub.pk), "status": "all"})
        self.assertNotContains(response, self.theirs.tracking_code)

    def test_it_refuses_every_action_on_other_departments_complaints(self) -> None:
        targets = (self.theirs, self.their_secret, self.unrouted)
        before = {complaint.pk: Snapshot(complaint) for complaint in targets}
        for user in (self.oscar, self.hana):
            self.client.force_login(user)
            for complaint in targets:
                for action in STAFF_ACTIONS:
                    with self.subTest(user=user.username, complaint=complaint.tracking_code, action=action):
                        response = self.client.post(
                            reverse("staff:act", args=[complaint.pk, action.value]), ACTION_DATA
                        )
                        self.assertEqual(response.status_code, 404)
        for complaint in targets:
            self.assertEqual(Snapshot(complaint), before[complaint.pk])

    def test_verifiers_and_leaders_see_every_complaint(self) -> None:
        for user in (self.vera, self.lena):
            self.client.force_login(user)
            response = self.client.get(reverse("staff:inbox"), {"status": "all"})
            for complaint in (self.ours, self.theirs, self.their_secret, self.unrouted):
                with self.subTest(user=user.username, complaint=complaint.tracking_code):
                    self.assertContains(response, complaint.tracking_code)
                    page = self.client.get(reverse("staff:complaint", args=[complaint.pk]))
                    self.assertEqual(page.status_code, 200)
