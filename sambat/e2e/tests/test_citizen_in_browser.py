"""A citizen files a report in a real browser: category, map pin, photo with GPS in its EXIF, tracking page."""

import os
import tempfile
from unittest import mock

from django.core.cache import cache
from django.db import OperationalError
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.select import Select

from sambat.complaints.choices import Status
from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import Personas, TemporaryMediaMixin, jpeg_with_gps_bytes, make_complaint
from sambat.e2e.browser import BrowserTestCase


class CitizenInBrowserTests(TemporaryMediaMixin, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.p = Personas()
        handle, self.photo_path = tempfile.mkstemp(suffix=".jpg")
        with os.fdopen(handle, "wb") as photo:
            photo.write(jpeg_with_gps_bytes(size=(320, 240)))
        self.addCleanup(os.remove, self.photo_path)
        self.browser.delete_all_cookies()

    def test_it_files_a_report_with_a_pin_and_a_photo_and_tracks_it(self) -> None:
        self.open("/lapor/")
        Select(self.browser.find_element(By.NAME, "category")).select_by_visible_text("Jalan rusak")
        self.browser.find_element(By.NAME, "text").send_keys(
            "Jalan berlubang besar di depan sekolah, <b>bahaya</b> untuk pengendara motor."
        )
        # The map draws the kelurahan boundaries from the portal; a click in its centre lands in the test kelurahan.
        self.wait_for(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#report-map path")))
        map_element = self.browser.find_element(By.ID, "report-map")
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", map_element)
        map_element.click()
        self.wait_for(lambda browser: browser.find_element(By.NAME, "latitude").get_attribute("value"))
        self.browser.find_element(By.NAME, "photos").send_keys(self.photo_path)
        self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "form.report-form [type=submit]"))

        code_element = self.wait_for(expected_conditions.presence_of_element_located((By.CLASS_NAME, "tracking-code")))
        complaint = Complaint.objects.get()
        self.assertEqual(code_element.text.strip(), complaint.tracking_code)
        self.assertEqual(complaint.status, Status.ASSIGNED)
        self.assertEqual(complaint.department, self.p.dpuprpkp)
        self.assertEqual(complaint.area, self.p.kelurahan)
        self.assertIn("<b>bahaya</b>", complaint.text)
        attachment = Attachment.objects.get()
        with Image.open(attachment.image.path) as stored:
            self.assertFalse(stored.getexif().get_ifd(0x8825), "GPS EXIF must not survive")

        self.open(f"/lacak/{complaint.tracking_code}/")
        body = self.browser.find_element(By.TAG_NAME, "body").text
        self.assertIn("<b>bahaya</b>", body)  # shown as text, never as markup
        self.assertEqual(self.browser.find_elements(By.CSS_SELECTOR, "main b"), [])
        thumbnail = self.browser.find_element(By.CSS_SELECTOR, f"img[src*='/foto/{attachment.id}/']")
        self.wait_for(lambda browser: browser.execute_script("return arguments[0].naturalWidth", thumbnail) > 0)

    def test_what_a_citizen_wrote_survives_a_failed_send_until_the_report_is_accepted(self) -> None:
        text = "Saluran air di gang lima mampet, kalau hujan air masuk rumah warga."
        self.open("/lapor/")
        Select(self.browser.find_element(By.NAME, "category")).select_by_visible_text("Jalan rusak")
        self.browser.find_element(By.NAME, "text").send_keys(text)
        self.browser.find_element(By.NAME, "reporter_phone").send_keys("081234567890")

        # The database is briefly gone: the citizen is told nothing was saved.
        outage = OperationalError("server closed the connection unexpectedly")
        with (
            mock.patch("sambat.portal.views.actions.submit_complaint", side_effect=outage),
            self.assertLogs("sambat", "ERROR"),
            self.assertLogs("django.request", "ERROR"),
        ):
            self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "form.report-form [type=submit]"))
            self.assertIn("belum tersimpan", self.browser.find_element(By.TAG_NAME, "body").text)
        self.forget_console()  # the 503 is the point of this step
        self.assertFalse(Complaint.objects.exists())

        # Opening the form again brings the words back, but never the phone number.
        self.open("/lapor/")
        self.wait_for(lambda browser: browser.find_element(By.NAME, "text").get_attribute("value") == text)
        category = Select(self.browser.find_element(By.NAME, "category")).first_selected_option
        self.assertEqual(category.text, "Jalan rusak")
        self.assertEqual(self.browser.find_element(By.NAME, "reporter_phone").get_attribute("value"), "")
        self.assertTrue(self.browser.find_element(By.CSS_SELECTOR, "[data-draft-notice]").is_displayed())

        self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "form.report-form [type=submit]"))
        self.assertEqual(Complaint.objects.get().text, text)
        # Accepted: the draft is gone.
        self.open("/lapor/")
        self.assertEqual(self.browser.find_element(By.NAME, "text").get_attribute("value"), "")
        self.assertFalse(self.browser.find_element(By.CSS_SELECTOR, "[data-draft-notice]").is_displayed())

    def test_keyboard_users_skip_to_the_form_and_the_map_outlines_are_not_tab_stops(self) -> None:
        self.open("/lapor/")
        self.wait_for(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#report-map path")))
        focusable_paths = self.browser.execute_script(
            "return Array.from(document.querySelectorAll('#report-map path'))"
            ".filter(function (p) { return p.tabIndex >= 0; }).length"
        )
        self.assertEqual(focusable_paths, 0)
        body = self.browser.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        skip = self.browser.switch_to.active_element
        self.assertEqual(skip.get_attribute("class"), "skip-link")
        self.assertTrue(skip.is_displayed())
        skip.send_keys(Keys.ENTER)
        self.wait_for(lambda browser: browser.switch_to.active_element.get_attribute("id") == "content")

    def test_it_switches_the_portal_to_english_and_back(self) -> None:
        self.open("/")
        self.assertEqual(self.page_language(), "id")
        self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "button[name=language][value=en]"))
        self.wait_for(lambda browser: self.page_language() == "en")
        self.click_to_navigate(self.browser.find_element(By.CSS_SELECTOR, "button[name=language][value=id]"))
        self.wait_for(lambda browser: self.page_language() == "id")

    def test_the_public_board_maps_the_latest_reports(self) -> None:
        complaint = make_complaint(category=self.p.roads, latitude=-7.9797, longitude=112.6304)
        self.open("/papan/")
        # The map fits itself to the kelurahan boundaries once they arrive; click the dot after that.
        self.wait_for(lambda browser: browser.find_element(By.CSS_SELECTOR, "#board-map path[fill='#0b6e4f']"))
        marker = self.wait_for(
            lambda browser: browser.find_element(By.CSS_SELECTOR, "#board-map path.leaflet-interactive[fill='#1d4ed8']")
        )
        self.wait_for(lambda browser: self.stays_put(marker))
        marker.click()
        link = self.wait_for(lambda browser: browser.find_element(By.CSS_SELECTOR, ".leaflet-popup-content a"))
        self.assertEqual(link.get_attribute("href"), f"{self.live_server_url}/lacak/{complaint.tracking_code}/")
