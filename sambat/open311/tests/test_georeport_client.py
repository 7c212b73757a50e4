"""The GeoReport v2 client from PyPI (`georeport`) against a running Sambat, in both formats.

georeport only reads; service requests are posted with `requests`, form-encoded as the spec describes, and then
read back with georeport.
"""

import datetime as dt
from typing import Any

import requests
import xmltodict
from django.test import LiveServerTestCase
from django.utils import timezone
from georeport import GeoReport

from sambat.agencies.choices import DatumType
from sambat.complaints import actions
from sambat.complaints.choices import Status
from sambat.complaints.models import Complaint
from sambat.complaints.tests.factories import Personas, make_category, make_complaint_in
from sambat.open311.actions import create_client

FORMATS = ("json", "xml")
QUESTIONS = [
    {
        "code": "ukuran",
        "label": "Ukuran lubang",
        "datatype": DatumType.SINGLEVALUELIST,
        "required": True,
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    }
]


def as_list(value: Any) -> list:
    """xmltodict gives one element as a dict and several as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value: Any) -> str:
    """A value as text: JSON's numbers and booleans read as XML writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class GeoReportClientTests(LiveServerTestCase):
    def setUp(self) -> None:
        self.p = Personas()
        self.holes = make_category(
            code="lubang", name="Jalan berlubang", department=self.p.dpuprpkp, extra_questions=QUESTIONS
        )
        self.parking = make_complaint_in(
            Status.IN_PROGRESS, category=self.p.parking, department=self.p.dishub, text="Parkir liar di Jalan Kawi."
        )
        self.fixed = make_complaint_in(
            Status.CLOSED, category=self.p.roads, department=self.p.dpuprpkp, text="Trotoar ambles di Jalan Ijen."
        )
        _client, self.key = create_client(name="FixMyStreet Malang", channel_name="FixMyStreet")
        self.base = self.live_server_url + "/open311/v2"

    def georeport(self, fmt: str) -> GeoReport:
        return GeoReport(root_address=self.base, output_format=fmt)

    def post(self, fmt: str, **fields: str) -> str:
        """POST requests.{fmt} form-encoded; the service_request_id the server answered."""
        data = {
            "api_key": self.key,
            "service_code": "lubang",
            "lat": "-7.98",
            "long": "112.631",
            "description": f"Lubang sedalam betis di Jalan Semeru ({fmt}).",
            "attribute[ukuran]": "besar",
            "first_name": "Rina",
            "email": "rina@example.org",
            **fields,
        }
        response = requests.post(f"{self.base}/requests.{fmt}", data=data, timeout=30)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.request.headers["Content-Type"], "application/x-www-form-urlencoded")
        if fmt == "json":
            return str(response.json()[0]["service_request_id"])
        return str(xmltodict.parse(response.content)["service_requests"]["request"]["service_request_id"])

    def test_it_lists_services_and_defines_one(self) -> None:
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                services = {item["service_code"]: item for item in as_list(self.georeport(fmt).get_service_list())}
                self.assertLessEqual({"jalan-rusak", "parkir", "ketertiban", "lubang"}, set(services))
                self.assertNotIn("", set(services))
                self.assertEqual(services["lubang"]["service_name"], "Jalan berlubang")
                self.assertEqual(text(services["lubang"]["metadata"]), "true")
                self.assertEqual(text(services["parkir"]["metadata"]), "false")
                self.assertEqual(services["parkir"]["type"], "realtime")

                definition = self.georeport(fmt).get_service_definition("lubang")
                self.assertEqual(definition["service_code"], "lubang")
                (attribute,) = as_list(
                    definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
                )
                self.assertEqual(attribute["code"], "ukuran")
                self.assertEqual(text(attribute["required"]), "true")
                values = attribute["values"] if fmt == "json" else as_list(attribute["values"]["value"])
                self.assertEqual(
                    [(value["key"], value["name"]) for value in values], [("kecil", "Kecil"), ("besar", "Besar")]
                )

    def test_a_posted_request_reads_back_through_georeport(self) -> None:
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                code = self.post(fmt)
                request = self.georeport(fmt).get_service_request(code)
                self.assertEqual(request["service_request_id"], code)
                self.assertEqual(request["service_code"], "lubang")
                self.assertEqual(request["service_name"], "Jalan berlubang")
                self.assertEqual(request["status"], "open")
                self.assertEqual(request["description"], f"Lubang sedalam betis di Jalan Semeru ({fmt}).")
                self.assertEqual(request["agency_responsible"], "Dinas Pekerjaan Umum")
                self.assertEqual((text(request["lat"]), text(request["long"])), ("-7.98", "112.631"))
                self.assertTrue(request["requested_datetime"].endswith("+07:00"))
                self.assertNotIn("Rina", str(request))
                self.assertNotIn("rina@example.org", str(request))

    def test_it_filters_service_requests(self) -> None:
        posted = self.post("json")
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                client = self.georeport(fmt)
                everything = [item["service_request_id"] for item in as_list(client.get_service_requests())]
                self.assertEqual(everything, [posted, self.fixed.tracking_code, self.parking.tracking_code])

                parking = as_list(client.get_service_requests(service_code="parkir"))
                self.assertEqual([item["service_request_id"] for item in parking], [self.parking.tracking_code])
                self.assertEqual(parking[0]["agency_responsible"], "Dinas Perhubungan")

                closed = as_list(client.get_service_requests(status="closed"))
                self.assertEqual([item["service_request_id"] for item in closed], [self.fixed.tracking_code])
                self.assertEqual(closed[0]["status"], "closed")

                both = as_list(client.get_service_requests(service_request_id=f"{posted},{self.parking.tracking_code}"))
                self.assertEqual({item["service_request_id"] for item in both}, {posted, self.parking.tracking_code})

                today = timezone.localdate()
                window = {"start_date": today.isoformat(), "end_date": (today + dt.timedelta(days=1)).isoformat()}
                self.assertEqual(len(as_list(client.get_service_requests(**window))), 3)
                if fmt == "json":  # georeport cannot read an empty XML list (<service_requests />)
                    later = {"start_date": (today + dt.timedelta(days=1)).isoformat()}
                    self.assertEqual(client.get_service_requests(**later), [])

    def test_the_answer_of_the_department_reaches_the_client(self) -> None:
        code = self.post("xml")
        filed = Complaint.objects.get(tracking_code=code)
        actions.respond(complaint=filed, actor=self.p.oscar, message="Akan ditambal hari Kamis.")
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                request = self.georeport(fmt).get_service_request(code)
                self.assertEqual(request["status_notes"], "Akan ditambal hari Kamis.")
