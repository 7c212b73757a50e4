from django.test import SimpleTestCase

from sambat.lib.codes import ALPHABET, LENGTH, PREFIX, new_secret_key, new_tracking_code, normalise_tracking_code


class TrackingCodeTests(SimpleTestCase):
    def test_it_makes_codes_without_look_alike_characters(self) -> None:
        for character in "01OILU":
            self.assertNotIn(character, ALPHABET)
        for _ in range(200):
            code = new_tracking_code()
            self.assertTrue(code.startswith(PREFIX))
            self.assertEqual(len(code), len(PREFIX) + LENGTH)
            self.assertTrue(set(code.removeprefix(PREFIX)) <= set(ALPHABET))

    def test_it_normalises_what_people_type(self) -> None:
        for typed in (
            "SBT-7K3QX9",
            "sbt-7k3qx9",
            "SBT 7K3QX9",
            "sbt7k3qx9",
            "7K3QX9",
            " 7k3-qx9 ",
            "SBT–7K3QX9",
            "SBT_7K3QX9",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(normalise_tracking_code(typed), "SBT-7K3QX9")

    def test_it_keeps_a_code_whose_body_starts_like_the_prefix(self) -> None:
        self.assertEqual(normalise_tracking_code("SBT-SBT234"), "SBT-SBT234")
        self.assertEqual(normalise_tracking_code("sbt234"), "SBT-SBT234")

    def test_it_rejects_malformed_codes(self) -> None:
        for typed in (
            "",
            "SBT-",
            "SBT-7K3QX",
            "SBT-7K3QX99",
            "SBT-7K3QO9",
            "SBT-1K3QX9",
            "XYZ-7K3QX9",
            "SBT-7K3QX٩",
            "💥",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(normalise_tracking_code(typed), "")

    def test_it_makes_long_random_secret_keys(self) -> None:
        keys = {new_secret_key() for _ in range(50)}
        self.assertEqual(len(keys), 50)
        self.assertTrue(all(len(key) >= 32 for key in keys))
