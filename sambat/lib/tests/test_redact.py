from django.test import SimpleTestCase

from sambat.lib.redact import mask_phone, redact_personal_data

# A NIK of a woman born 12 August 1990 in Kota Malang (3573): the day is written as 52.
NIK = "3573015208900001"


class RedactTests(SimpleTestCase):
    def test_it_masks_phone_numbers_in_every_usual_spelling(self) -> None:
        cases = {
            "+62 812-3456-7890": "6281******890",
            "+628123456789": "6281*****789",
            "6281234567890": "6281******890",
            "62 812 3456 7890": "6281******890",
            "081234567890": "0812*****890",
            "0812 3456 7890": "0812*****890",
            "0812-3456-7890": "0812*****890",
            "0812.3456.7890": "0812*****890",
            "0341-551234": "0341***234",
            "(0341) 551234": "0341***234",
            "0812  3456 7890": "0812*****890",
            "0812/3456/7891": "0812*****891",
            "081234567890123": "0812********123",
        }
        for written, masked in cases.items():
            with self.subTest(written=written):
                self.assertEqual(
                    redact_personal_data(f"hubungi {written}, terima kasih"), f"hubungi {masked}, terima kasih"
                )

    def test_it_masks_a_nik_written_whole_or_grouped(self) -> None:
        for written in (
            NIK,
            "357301 520890 0001",
            "3573-0152-0890-0001",
            "3573 0152 0890 0001",
            "357301.520890.0001",
            "357301  520890  0001",
            "3573 01 520890 0001",
        ):
            with self.subTest(written=written):
                self.assertEqual(redact_personal_data(f"NIK: {written}."), "NIK: 357301**********.")

    def test_it_masks_email_addresses(self) -> None:
        self.assertEqual(
            redact_personal_data("email budi.santoso+sambat@mail.example.co.id ya"), "email b***@mail.example.co.id ya"
        )

    def test_it_leaves_ordinary_numbers_alone(self) -> None:
        for text in (
            "Sejak 2024-01-15 jalan rusak",
            "tanggal 15/01/2024 dan 01-02-2024",
            "biaya Rp 1.500.000 atau Rp 250.000,00",
            "anggaran Rp 62.500.000.000 dan Rp 1.250.000.000",
            "RT 03 RW 05 No. 123",
            "buka jam 08.00-16.00",
            "tahun 2019-2024",
            "tahun 2019 2020 2021 2022",
            "Jl. Soekarno Hatta KM 12,5",
            "",
        ):
            with self.subTest(text=text):
                self.assertEqual(redact_personal_data(text), text)

    def test_it_masks_several_items_in_one_text(self) -> None:
        text = f"Saya Budi, NIK {NIK}, HP 081234567890, surel budi@example.org."
        self.assertEqual(
            redact_personal_data(text), "Saya Budi, NIK 357301**********, HP 0812*****890, surel b***@example.org."
        )

    def test_it_masks_a_contact_phone_for_display(self) -> None:
        self.assertEqual(mask_phone("+62 812-3456-7890"), "6281******890")
        self.assertEqual(mask_phone("12345"), "*****")
