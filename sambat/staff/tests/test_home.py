from django.urls import reverse

from sambat.staff.tests.personas import StaffTestCase


class HomeTests(StaffTestCase):
    def test_it_sends_each_role_to_its_screen(self) -> None:
        expected = {
            self.vera: reverse("staff:triage"),
            self.oscar: reverse("staff:inbox"),
            self.hana: reverse("staff:inbox"),
            self.bob: reverse("staff:inbox"),
            self.lena: reverse("staff:overview"),
            self.kiki: reverse("portal:submit"),
        }
        for user, target in expected.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("staff:home"))
                self.assertRedirects(response, target, fetch_redirect_response=False)

    def test_it_lands_on_home_after_signing_in(self) -> None:
        response = self.client.post(reverse("accounts:login"), {"username": "oscar", "password": "x-Sambat-2024"})
        self.assertRedirects(response, reverse("staff:home"), fetch_redirect_response=False)
        self.assertRedirects(self.client.get(reverse("staff:home")), reverse("staff:inbox"))

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        complaint = self.roads_complaint()
        for url in [
            reverse("staff:home"),
            reverse("staff:triage"),
            reverse("staff:inbox"),
            reverse("staff:overview"),
            reverse("staff:complaint", args=[complaint.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(response, f"{reverse('accounts:login')}?next={url}", fetch_redirect_response=False)

    def test_it_refuses_citizens_everywhere(self) -> None:
        complaint = self.roads_complaint(reporter=self.alice)
        self.client.force_login(self.alice)
        for url in [
            reverse("staff:triage"),
            reverse("staff:inbox"),
            reverse("staff:overview"),
            reverse("staff:complaint", args=[complaint.pk]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_it_sends_a_signed_in_citizen_to_their_own_reports(self) -> None:
        self.client.force_login(self.alice)
        self.assertRedirects(self.client.get(reverse("staff:home")), reverse("portal:my_complaints"))

    def test_it_refuses_screens_of_other_roles(self) -> None:
        forbidden = {
            self.oscar: ["staff:triage", "staff:overview"],
            self.hana: ["staff:triage", "staff:overview"],
            self.lena: ["staff:triage"],
            self.kiki: ["staff:triage", "staff:inbox", "staff:overview"],
        }
        for user, names in forbidden.items():
            self.client.force_login(user)
            for name in names:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(reverse(name)).status_code, 403)

    def test_it_opens_each_roles_screens(self) -> None:
        allowed = {
            self.vera: ["staff:triage", "staff:inbox", "staff:overview"],
            self.oscar: ["staff:inbox"],
            self.lena: ["staff:inbox", "staff:overview"],
        }
        for user, names in allowed.items():
            self.client.force_login(user)
            for name in names:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(reverse(name)).status_code, 200)
