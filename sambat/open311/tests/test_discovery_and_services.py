from django.test import TestCase, override_settings

from sambat.agencies.choices import DatumType
from sambat.complaints.tests.factories import Personas, make_category
from sambat.open311.tests.helpers import get_json, get_xml

QUESTIONS = [
    {
        "code": "ukuran",
        "label": "Ukuran <kerusakan> & lebar",
        "datatype": DatumType.SINGLEVALUELIST,
        "required": True,
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    },
    {"code": "nomor_tiang", "label": "Nomor tiang", "datatype": DatumType.STRING, "required": False},
]


@override_settings(SAMBAT_PUBLIC_BASE_URL="https://sambat.example.org")
class DiscoveryTests(TestCase):
    def test_it_describes_the_endpoint_in_json(self) -> None:
        document = get_json(self.client, "discovery")
        self.assertEqual(set(document), {"changeset", "contact", "key_service", "endpoints"})
        (endpoint,) = document["endpoints"]
        self.assertEqual(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertEqual(endpoint["url"], "https://sambat.example.org/open311/v2/")
        self.assertEqual(endpoint["type"], "production")
        self.assertEqual(endpoint["formats"], ["text/xml", "application/json"])

    def test_it_describes_the_endpoint_in_xml(self) -> None:
        root = get_xml(self.client, "discovery")
        self.assertEqual(root.tag, "discovery")
        endpoint = root.find("endpoints/endpoint")
        assert endpoint is not None
        self.assertEqual(endpoint.findtext("url"), "https://sambat.example.org/open311/v2/")
        self.assertEqual([f.text for f in endpoint.findall("formats/format")], ["text/xml", "application/json"])
        self.assertIsNotNone(root.findtext("changeset"))


class ServicesTests(TestCase):
    def setUp(self) -> None:
        self.p = Personas()
        self.lights = make_category(code="pju", name="Lampu jalan", extra_questions=QUESTIONS)
        make_category(code="lama", name="Kategori lama", is_active=False)

    def test_it_lists_active_categories_as_services_in_json(self) -> None:
        services = {service["service_code"]: service for service in get_json(self.client, "services")}
        self.assertNotIn("lama", services)
        self.assertIn("jalan-rusak", services)
        self.assertEqual(
            services["pju"],
            {
                "service_code": "pju",
                "service_name": "Lampu jalan",
                "description": "",
                "metadata": True,
                "type": "realtime",
                "keywords": "",
                "group": "",
            },
        )
        self.assertIs(services["jalan-rusak"]["metadata"], False)

    def test_it_lists_services_in_xml(self) -> None:
        root = get_xml(self.client, "services")
        self.assertEqual(root.tag, "services")
        by_code = {service.findtext("service_code"): service for service in root.findall("service")}
        self.assertNotIn("lama", by_code)
        self.assertEqual(by_code["pju"].findtext("metadata"), "true")
        self.assertEqual(by_code["parkir"].findtext("metadata"), "false")
        self.assertEqual(by_code["pju"].findtext("type"), "realtime")

    def test_it_defines_a_service_from_its_extra_questions_in_json(self) -> None:
        definition = get_json(self.client, "services/pju")
        self.assertEqual(definition["service_code"], "pju")
        first, second = definition["attributes"]
        self.assertEqual(
            first,
            {
                "variable": True,
                "code": "ukuran",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "",
                "order": 1,
                "description": "Ukuran <kerusakan> & lebar",
                "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
            },
        )
        self.assertEqual((second["code"], second["datatype"], second["order"]), ("nomor_tiang", "string", 2))
        self.assertNotIn("values", second)

    def test_it_defines_a_service_in_xml_with_escaped_text(self) -> None:
        root = get_xml(self.client, "services/pju")
        self.assertEqual(root.tag, "service_definition")
        attributes = root.findall("attributes/attribute")
        self.assertEqual([a.findtext("code") for a in attributes], ["ukuran", "nomor_tiang"])
        self.assertEqual(attributes[0].findtext("description"), "Ukuran <kerusakan> & lebar")
        self.assertEqual(attributes[0].findtext("required"), "true")
        values = attributes[0].findall("values/value")
        pairs = [(value.findtext("key"), value.findtext("name")) for value in values]
        self.assertEqual(pairs, [("kecil", "Kecil"), ("besar", "Besar")])

    def test_it_answers_404_for_an_unknown_or_inactive_service(self) -> None:
        for code in ("tidak-ada", "lama"):
            self.assertEqual(get_json(self.client, f"services/{code}", status=404)[0]["code"], 404)
            error = get_xml(self.client, f"services/{code}", status=404)
            self.assertEqual(error.tag, "errors")
            self.assertEqual(error.findtext("error/code"), "404")
            self.assertTrue(error.findtext("error/description"))
