from django.test import SimpleTestCase

from sambat.lib.text import clean_text


class CleanTextTests(SimpleTestCase):
    def test_it_drops_control_characters_and_keeps_the_words(self) -> None:
        self.assertEqual(clean_text("  a\x00b\x07c\x1b\x7f  "), "abc")

    def test_it_normalises_newlines_and_keeps_tabs(self) -> None:
        self.assertEqual(clean_text("satu\r\ndua\rtiga\n\tempat"), "satu\ndua\ntiga\n\tempat")

    def test_it_keeps_html_and_unicode_as_typed(self) -> None:
        text = "<script>alert(1)</script> & “kutip” — émoji 🚧"
        self.assertEqual(clean_text(text), text)
