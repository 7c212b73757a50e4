"""city_examples(): which complaints teach the classifier, with which label and weight."""

from django.test import TestCase

from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.tests import factories as f
from sambat.routing.learning import CORRECTED_WEIGHT, DEFAULT_WEIGHT, city_examples
from sambat.routing.models import RoutingPolicy
from sambat.routing.textmodel import Example


class CityExamplesTests(TestCase):
    people: f.Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        # Texts without a category would otherwise reach the classifier; these tests are about the rest.
        RoutingPolicy.objects.update_or_create(pk=1, defaults={"enabled": False})

    def by_text(self) -> dict[str, Example]:
        examples = city_examples()
        self.assertEqual(len({e.text for e in examples}), len(examples), "one example per complaint")
        return {example.text: example for example in examples}

    def test_it_labels_settled_complaints_with_department_codes(self) -> None:
        p = self.people
        assigned = f.make_complaint(text="Lampu lalu lintas mati", category=None)
        actions.assign_complaint(complaint=assigned, actor=p.vera, department=p.dishub, category=p.parking)
        f.make_complaint_in(Status.RESOLVED, text="Jalan sudah ditambal", department=p.dpuprpkp, officer=p.oscar)
        f.make_complaint_in(Status.CLOSED, text="Jalan ditutup rapi", department=p.dpuprpkp, officer=p.oscar)

        examples = self.by_text()
        self.assertEqual(
            examples["Lampu lalu lintas mati"],
            Example(text="Lampu lalu lintas mati", department="dishub", category="parkir", weight=DEFAULT_WEIGHT),
        )
        self.assertEqual(examples["Jalan sudah ditambal"].department, "dpuprpkp")
        self.assertEqual(examples["Jalan ditutup rapi"].weight, DEFAULT_WEIGHT)

    def test_it_leaves_out_complaints_nobody_settled(self) -> None:
        p = self.people
        f.make_complaint(text="Masih antre verifikasi", category=None)
        f.make_complaint(text="Dirutekan, belum dikerjakan", category=p.roads)
        f.make_complaint_in(Status.IN_PROGRESS, text="Sedang dikerjakan", department=p.dpuprpkp, officer=p.oscar)
        f.make_complaint_in(Status.REJECTED, text="Spam")
        self.assertEqual(city_examples(), [])

    def test_the_latest_staff_decision_wins_and_corrections_weigh_more(self) -> None:
        p = self.people
        complaint = f.make_complaint(text="Parkir di trotoar", category=None)
        complaint = actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dpuprpkp)
        actions.reassign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        example = self.by_text()["Parkir di trotoar"]
        self.assertEqual((example.department, example.weight), ("dishub", CORRECTED_WEIGHT))

    def test_a_return_without_a_new_decision_teaches_nothing(self) -> None:
        p = self.people
        complaint = f.make_complaint(text="Pohon tumbang", category=p.roads)
        actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Ini DLH.")
        self.assertEqual(city_examples(), [])

    def test_a_return_then_assignment_teaches_the_new_department_with_more_weight(self) -> None:
        p = self.people
        complaint = f.make_complaint(text="Pohon tumbang", category=p.roads)
        complaint = actions.return_not_our_remit(complaint=complaint, actor=p.oscar, reason="Ini Dishub.")
        actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
        example = self.by_text()["Pohon tumbang"]
        self.assertEqual((example.department, example.weight), ("dishub", CORRECTED_WEIGHT))

    def test_a_category_correction_confirms_the_current_department(self) -> None:
        p = self.people
        complaint = f.make_complaint(text="Jalan berlubang", category=p.parking)
        actions.correct_details(complaint=complaint, actor=p.vera, category=p.roads)
        example = self.by_text()["Jalan berlubang"]
        self.assertEqual((example.department, example.category, example.weight), ("dishub", "jalan-rusak", 2.0))

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        p = self.people
        for number in range(5):
            complaint = f.make_complaint(text=f"Aduan {number}", category=None)
            actions.assign_complaint(complaint=complaint, actor=p.vera, department=p.dishub)
            f.make_complaint_in(Status.RESOLVED, text=f"Selesai {number}", department=p.dpuprpkp, officer=p.oscar)
        with self.assertNumQueries(2):
            self.assertEqual(len(city_examples()), 10)
