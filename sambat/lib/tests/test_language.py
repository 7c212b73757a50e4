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
