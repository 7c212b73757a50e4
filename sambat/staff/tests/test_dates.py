"""Dates on staff pages: day first with the month's name and a 24-hour clock, in both languages."""

from django.urls import reverse

from sambat.staff.tests.personas import StaffTestCase


class DateFormatTests(StaffTestCase):
    def test_english_staff_pages_write_dates_day_first_on_the_24_hour_clock(self) -> None:
        complaint = self.roads_complaint()
        self.client.force_login(self.oscar)
        self.client.cookies["django_language"] = "en"
        page = self.client.get(reverse("staff:complaint", args=[complaint.pk])).content.decode()
        self.assertRegex(page, r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\b")
        self.assertNotRegex(page, r"\b\d{2}/\d{2}/\d{4}\b")
        self.assertNotIn("p.m.", page)
        self.assertNotIn("a.m.", page)
