"""Staff in a real browser: an officer answers and resolves with a proof photo; the citizen sees it;
another department's complaint stays out of reach; the leader's overview renders."""

import os
import tempfile

from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from sambat.complaints.choices import Status
from sambat.complaints.models import Attachment
from sambat.complaints.tests.factories import Personas, TemporaryMediaMixin, jpeg_bytes, make_complaint
from sambat.e2e.browser import BrowserTestCase


class StaffInBrowserTests(TemporaryMediaMixin, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.p = Personas()
        self.roads = make_complaint(category=self.p.roads, text="Lampu jalan mati dan jalan berlubang di Jl. Kawi.")
        self.parking = make_complaint(category=self.p.parking, text="Juru parkir liar menarik tarif Rp10.000.")
        handle, self.proof_path = tempfile.mkstemp(suffix=".jpg")
        with os.fdopen(handle, "wb") as proof:
            proof.write(jpeg_bytes(size=(300, 200), colour="green"))
        self.addCleanup(os.remove, self.proof_path)
        self.browser.delete_all_cookies()

    def act(self, action: str, fields: dict[str, str], photo: str | None = None) -> None:
        panel = self.browser.find_element(By.CSS_SELECTOR, f"details.action-{action}")
        if panel.get_attribute("open") is None:
            panel.find_element(By.TAG_NAME, "summary").click()
        form = panel.find_element(By.CSS_SELECTOR, f"form[action$='/{action}/']")
        for name, value in fields.items():
            form.find_element(By.NAME, name).send_keys(value)
        if photo:
            form.find_element(By.NAME, "photos").send_keys(photo)
        self.click_to_navigate(form.find_element(By.CSS_SELECTOR, "[type=submit]"))

    def test_an_officer_answers_and_resolves_and_the_citizen_sees_it(self) -> None:
        self.sign_in("oscar")
        self.assertIn("/staf/kotak-masuk/", self.browser.current_url)
        inbox = self.browser.find_element(By.TAG_NAME, "main").text
        self.assertIn(self.roads.tracking_code, inbox)
        self.assertNotIn(self.parking.tracking_code, inbox)

        self.click_to_navigate(self.browser.find_element(By.LINK_TEXT, self.roads.tracking_code))
        self.act("respond", {"message": "Tim kami akan survei besok pagi."})
        self.wait_for(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "survei besok"))
        self.act("resolve", {"message": "Lubang sudah ditambal dan lampu diganti."}, photo=self.proof_path)
        self.wait_for(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "sudah ditambal"))
        self.roads.refresh_from_db()
        self.assertEqual(self.roads.status, Status.RESOLVED)
        proof = Attachment.objects.get(complaint=self.roads)

        # Another department's complaint: the URL answers "not found", not the complaint.
        self.open(f"/staf/aduan/{self.parking.pk}/")
        self.assertNotIn("Juru parkir liar", self.browser.find_element(By.TAG_NAME, "body").text)
        self.assertIn("/lacak/", self.browser.page_source)  # the helpful 404 page, not a bare error
        self.forget_console()  # the 404 is the point of this step

        self.browser.delete_all_cookies()
        self.open(f"/lacak/{self.roads.tracking_code}/")
        page = self.browser.find_element(By.TAG_NAME, "main").text
        self.assertIn("Tim kami akan survei besok pagi.", page)
        self.assertIn("Lubang sudah ditambal dan lampu diganti.", page)
        image = self.browser.find_element(By.CSS_SELECTOR, f"img[src*='/foto/{proof.id}/']")
        self.wait_for(lambda browser: browser.execute_script("return arguments[0].naturalWidth", image) > 0)

    def test_the_leader_sees_the_overview_and_can_only_instruct(self) -> None:
        self.sign_in("lena")
        self.assertIn("/staf/pimpinan/", self.browser.current_url)
        self.assertIn(self.p.dpuprpkp.name, self.browser.find_element(By.TAG_NAME, "main").text)
        self.open(f"/staf/aduan/{self.parking.pk}/")
        panels = self.browser.find_elements(By.CSS_SELECTOR, "details.action-panel")
        self.assertEqual([panel.get_attribute("class").split()[-1] for panel in panels], ["action-instruct"])
        self.act("instruct", {"instruction": "Mohon ditertibkan minggu ini."})
        self.wait_for(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "ditertibkan"))
        self.parking.refresh_from_db()
        self.assertEqual(self.parking.status, Status.ASSIGNED)
