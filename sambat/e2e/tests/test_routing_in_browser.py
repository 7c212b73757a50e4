"""Routing in a real browser: a verifier writes a rule that routes the next complaint, and accepts one of the
classifier's suggestions in the triage queue with one click."""

from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select

from sambat.complaints.choices import RoutingSource, Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import Personas, make_complaint
from sambat.e2e.browser import BrowserTestCase
from sambat.routing.models import RoutingExample, RoutingPolicy, RoutingRule


class RoutingInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.p = Personas()
        self.browser.delete_all_cookies()

    def main_text(self) -> str:
        return self.browser.find_element(By.TAG_NAME, "main").text

    def test_a_rule_written_in_the_browser_routes_the_next_complaint(self) -> None:
        self.sign_in("vera")
        self.open("/staf/rute/aturan/")
        self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "main a[href$='/aturan/baru/']"))
        form = self.browser.find_element(By.CSS_SELECTOR, "main form")
        form.find_element(By.NAME, "name").send_keys("Juru parkir")
        form.find_element(By.NAME, "keywords").send_keys("jukir, juru parkir")
        Select(form.find_element(By.NAME, "department")).select_by_value(str(self.p.dishub.pk))
        self.click_to_navigate(form.find_element(By.CSS_SELECTOR, "[type=submit]"))
        self.wait_for(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "Juru parkir"))
        rule = RoutingRule.objects.get(name="Juru parkir")

        complaint = make_complaint(text="Jukir di depan pasar minta uang dua kali", category=None, classify=True)
        self.assertEqual((complaint.department, complaint.routing_rule), (self.p.dishub, rule))
        self.open("/staf/rute/aturan/")
        hits = self.browser.find_element(By.CSS_SELECTOR, f"tr[data-rule='{rule.pk}'] td.hits")
        self.assertEqual(hits.text, "1")

    def test_a_verifier_accepts_a_suggestion_with_one_click(self) -> None:
        RoutingPolicy.objects.update_or_create(pk=RoutingPolicy.SINGLETON_ID, defaults={"auto_route_threshold": 0.99})
        complaint = make_complaint(
            text="Banyak motor parkir di trotoar dan pedagang juga jualan di situ", category=None, classify=True
        )
        self.assertEqual(complaint.status, Status.TRIAGE)
        self.assertEqual(complaint.routing_suggestions[0]["department"], "dishub")

        self.sign_in("vera")
        self.open("/staf/verifikasi/")
        self.assertIn(complaint.tracking_code, self.main_text())
        button = self.browser.find_element(By.CSS_SELECTOR, "form.suggestion input[value='dishub'] ~ button")
        self.click_to_navigate(button)
        self.wait_for(lambda browser: Complaint.objects.get(pk=complaint.pk).status == Status.ASSIGNED)
        complaint.refresh_from_db()
        self.assertEqual((complaint.department, complaint.routing_source), (self.p.dishub, RoutingSource.MANUAL))
        self.assertTrue(RoutingExample.objects.filter(complaint=complaint, department=self.p.dishub).exists())
