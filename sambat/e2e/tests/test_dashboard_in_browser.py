"""The leaders' dashboard and the public statistics in a real browser: the charts and the heat map are drawn with
the vendored Chart.js and Leaflet under the site's CSP, with nothing in the console."""

from django.core.cache import cache
from selenium.webdriver.common.by import By

from sambat.complaints.choices import Status
from sambat.complaints.tests.factories import (
    MALANG_LAT,
    MALANG_LON,
    Personas,
    backdate,
    days_ago,
    make_complaint,
    make_complaint_in,
)
from sambat.e2e.browser import BrowserTestCase

CHARTS = ["volume", "overdue", "response", "categories"]


class DashboardInBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.p = Personas()
        late = make_complaint(
            category=self.p.roads, text="Jalan berlubang di Jl. Kawi.", latitude=MALANG_LAT, longitude=MALANG_LON
        )
        backdate(late, respond_due_at=days_ago(2))
        make_complaint(category=self.p.parking, text="Parkir liar di trotoar Jl. Ijen.")
        make_complaint_in(Status.CLOSED, department=self.p.dpuprpkp, officer=self.p.oscar, category=self.p.roads)
        self.browser.delete_all_cookies()

    def test_the_leaders_dashboard_draws_its_charts_and_heat_map(self) -> None:
        self.sign_in("lena")
        self.open("/staf/dasbor/")
        canvases = self.browser.find_elements(By.CSS_SELECTOR, "canvas[data-chart]")
        self.assertEqual([canvas.get_attribute("data-chart") for canvas in canvases], CHARTS)
        drawn = self.wait_for(
            lambda browser: browser.execute_script(
                "return window.sambatCharts && Object.keys(window.sambatCharts).length === 4"
                " && Object.keys(window.sambatCharts).sort()"
            )
        )
        self.assertEqual(drawn, sorted(CHARTS))
        self.assertTrue(
            self.browser.execute_script(
                "return Object.values(window.sambatCharts).every(function (chart) {"
                " return chart instanceof Chart && chart.canvas.width > 0; })"
            )
        )
        received = self.browser.execute_script("return window.sambatCharts.volume.data.datasets[0].data")
        self.assertEqual(received[-1], 3)
        # The kelurahan of the personas is shaded on the map.
        self.wait_for(
            lambda browser: browser.find_element(By.ID, "dashboard-heat-map").get_attribute("data-heat-ready")
        )
        self.assertTrue(self.browser.find_elements(By.CSS_SELECTOR, "#dashboard-heat-map path.leaflet-interactive"))

    def test_the_public_statistics_show_their_chart(self) -> None:
        self.open("/statistik/")
        self.wait_for(
            lambda browser: browser.execute_script("return !!(window.sambatCharts && window.sambatCharts.on_time)")
        )
        figure = self.browser.find_element(By.CSS_SELECTOR, "figure.statistics-chart")
        self.assertTrue(figure.is_displayed())
        self.assertIn(self.p.dpuprpkp.name, self.browser.find_element(By.CSS_SELECTOR, "table.statistics-table").text)
