from django.test import TestCase

from sambat.complaints.choices import Status
from sambat.complaints.tests import factories as f


class FactoriesTests(TestCase):
    def test_it_brings_a_complaint_to_every_status(self) -> None:
        for status in Status:
            with self.subTest(status=status):
                complaint = f.make_complaint_in(status)
                complaint.refresh_from_db()
                self.assertEqual(complaint.status, status)

    def test_it_makes_the_personas(self) -> None:
        people = f.Personas()
        complaint = f.make_complaint(category=people.roads, reporter=people.alice)
        self.assertEqual(complaint.department, people.dpuprpkp)
        self.assertTrue(people.oscar.check_password(f.PASSWORD))
