from django.conf import settings
from django.test import Client, TestCase


class ChosenLanguageTests(TestCase):
    def test_it_serves_indonesian_even_to_an_english_browser(self) -> None:
        response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/")
        self.assertEqual(response["Content-Language"], "id")
        self.assertContains(response, '<html lang="id">')

    def test_it_follows_the_visitors_choice_from_the_language_switch(self) -> None:
        client = Client()
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        page = client.get("/")
        self.assertEqual(page["Content-Language"], "en")
        self.assertContains(page, '<html lang="en">')
        self.assertIn("Cookie", page["Vary"])

    def test_it_ignores_an_unknown_language_cookie(self) -> None:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
        self.assertEqual(client.get("/")["Content-Language"], "id")


class ProgramLanguageTests(TestCase):
    """Apps and Open311 clients name their language in Accept-Language; browsers on the portal do not decide it."""

    def test_the_api_answers_in_the_language_the_app_asks_for(self) -> None:
        response = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,id;q=0.5").get("/api/v1/complaints/SBT-XXXXXX")
        self.assertEqual(response["Content-Language"], "en")
        self.assertIn("Accept-Language", response["Vary"])
        indonesian = Client(HTTP_ACCEPT_LANGUAGE="fr, id;q=0.8, en;q=0.5").get("/api/v1/complaints/SBT-XXXXXX")
        self.assertEqual(indonesian["Content-Language"], "id")
        self.assertNotEqual(response.json()["error"]["message"], indonesian.json()["error"]["message"])

    def test_open311_errors_follow_accept_language_too(self) -> None:
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/open311/v2/services/no-such-service.json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Language"], "en")
        self.assertIn("No service", response.json()[0]["description"])

    def test_without_a_supported_language_it_is_indonesian(self) -> None:
        for header in ("", "fr-FR, de;q=0.5", "en;q=0", "en;q=abc"):
            with self.subTest(header=header):
                self.assertEqual(
                    Client(HTTP_ACCEPT_LANGUAGE=header).get("/open311/v2/services.json")["Content-Language"], "id"
                )

    def test_the_language_cookie_still_wins(self) -> None:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        self.assertEqual(client.get("/open311/v2/services.json")["Content-Language"], "id")
