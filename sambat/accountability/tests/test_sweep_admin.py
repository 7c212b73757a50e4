"""The ladder's records in Django's admin: listed and filtered for admins, never added, changed or deleted."""

import datetime as dt
from typing import Any

from django.test import TestCase
from django.urls import reverse

from sambat.accountability.models import DepartmentEvent, SlaNotice
from sambat.accountability.sweep import run_sweep
from sambat.complaints.models import Complaint
from sambat.complaints.tests import factories as f


def url(model: Any, view: str, *args: object) -> str:
    return reverse(f"admin:accountability_{model._meta.model_name}_{view}", args=args)


class LadderAdminTests(TestCase):
    people: f.Personas
    complaint: Complaint

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people = f.Personas()
        cls.complaint = f.make_complaint(category=cls.people.roads)
        assert cls.complaint.resolve_due_at is not None
        run_sweep(now=cls.complaint.resolve_due_at + dt.timedelta(days=14))

    def setUp(self) -> None:
        self.client.force_login(self.people.vera)

    def test_it_lists_and_filters_the_notices(self) -> None:
        self.assertEqual(SlaNotice.objects.count(), 4)
        response = self.client.get(url(SlaNotice, "changelist"), {"step__exact": "escalated"})
        self.assertContains(response, self.complaint.tracking_code, count=2)
        self.assertEqual(response.context["cl"].result_count, 2)

    def test_it_lists_and_filters_the_department_events(self) -> None:
        response = self.client.get(
            url(DepartmentEvent, "changelist"),
            {"kind__exact": "warning", "department__id__exact": str(self.people.dpuprpkp.pk)},
        )
        self.assertEqual(response.context["cl"].result_count, 2)
        everything = self.client.get(url(DepartmentEvent, "changelist"))
        self.assertEqual(everything.context["cl"].result_count, 4)

    def test_it_never_adds_changes_or_deletes(self) -> None:
        notice = SlaNotice.objects.first()
        event = DepartmentEvent.objects.first()
        assert notice is not None and event is not None
        self.assertEqual(self.client.get(url(SlaNotice, "add")).status_code, 403)
        self.assertEqual(self.client.get(url(DepartmentEvent, "add")).status_code, 403)
        self.assertEqual(self.client.get(url(DepartmentEvent, "delete", event.pk)).status_code, 403)
        page = self.client.get(url(SlaNotice, "change", notice.pk))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="_save"')
        self.client.post(url(SlaNotice, "change", notice.pk), {"step": "reminder"})
        notice.refresh_from_db()
        self.assertNotEqual(notice.step, "reminder")

    def test_it_refuses_department_staff(self) -> None:
        self.client.force_login(self.people.oscar)
        response = self.client.get(url(SlaNotice, "changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
