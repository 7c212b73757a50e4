"""lib.images: only real images get through, re-encoded with no metadata at all."""

import io
import os

from django.test import SimpleTestCase, override_settings
from PIL import Image, PngImagePlugin

from sambat.complaints.tests import factories as f
from sambat.lib.images import MAX_EDGE, THUMB_EDGE, ImageRejected, clean_image, clean_images


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


class CleanImageTests(SimpleTestCase):
    def test_it_removes_all_exif_from_a_camera_jpeg(self) -> None:
        original = f.jpeg_with_gps_bytes()
        self.assertEqual(opened(original).getexif().get_ifd(0x8825)[1], "S")  # the GPS really is there

        cleaned = clean_image(f.upload("IMG_0001.jpg", original))

        self.assertEqual(cleaned.extension, "jpg")
        self.assertEqual(cleaned.original_name, "IMG_0001.jpg")
        for data in (cleaned.content, cleaned.thumbnail):
            image = opened(data)
            self.assertEqual(image.format, "JPEG")
            self.assertEqual(len(image.getexif()), 0)
            self.assertNotIn("exif", image.info)
            self.assertNotIn(b"Exif", data)
            self.assertNotIn(b"SambatCam", data)
        self.assertEqual(opened(cleaned.content).size, (64, 48))

    def test_it_drops_data_smuggled_after_the_image(self) -> None:
        payload = b"<?php system($_GET['c']); ?>"
        cleaned = clean_image(f.upload("photo.jpg", f.jpeg_bytes() + payload))
        self.assertNotIn(payload, cleaned.content)

    def test_it_fingerprints_the_cleaned_content(self) -> None:
        import hashlib

        cleaned = clean_image(f.upload())
        self.assertEqual(cleaned.sha256, hashlib.sha256(cleaned.content).hexdigest())

    def test_it_keeps_a_png_as_png_without_its_text_chunks(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "GPS -7.98 112.63")
        buffer = io.BytesIO()
        Image.new("RGBA", (40, 30), (0, 128, 255, 200)).save(buffer, format="PNG", pnginfo=info)

        cleaned = clean_image(f.upload("screenshot.png", buffer.getvalue(), "image/png"))

        self.assertEqual(cleaned.extension, "png")
        image = opened(cleaned.content)
        self.assertEqual((image.format, image.mode, image.size), ("PNG", "RGBA", (40, 30)))
        self.assertNotIn("Comment", image.info)
        self.assertNotIn(b"112.63", cleaned.content)

    def test_it_accepts_gif_and_webp(self) -> None:
        for fmt, extension in (("GIF", "png"), ("WEBP", "webp")):
            with self.subTest(fmt=fmt):
                buffer = io.BytesIO()
                Image.new("RGB", (20, 20), "green").save(buffer, format=fmt)
                self.assertEqual(clean_image(f.upload(f"x.{fmt.lower()}", buffer.getvalue())).extension, extension)

    def test_it_applies_the_camera_orientation(self) -> None:
        # Orientation 6: the camera was turned; the stored pixels are 64x48 but the photo is portrait.
        cleaned = clean_image(f.upload("portrait.jpg", f.jpeg_with_gps_bytes(size=(64, 48), orientation=6)))
        image = opened(cleaned.content)
        self.assertEqual(image.size, (48, 64))
        self.assertNotIn(0x0112, image.getexif())

    def test_it_shrinks_large_photos_and_makes_a_small_thumbnail(self) -> None:
        cleaned = clean_image(f.upload("wide.jpg", f.jpeg_bytes(size=(4000, 1000))))
        self.assertEqual(opened(cleaned.content).size, (MAX_EDGE, MAX_EDGE // 4))
        self.assertEqual(max(opened(cleaned.thumbnail).size), THUMB_EDGE)

    def test_it_rejects_a_text_file_named_like_a_photo(self) -> None:
        with self.assertRaisesMessage(ImageRejected, "notes.jpg"):
            clean_image(f.upload("notes.jpg", b"This is not an image at all.\n" * 20))

    def test_it_rejects_a_truncated_jpeg(self) -> None:
        # Noise compresses badly, so the cut falls inside the image data rather than after it.
        noise = Image.frombytes("RGB", (256, 256), os.urandom(256 * 256 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, format="JPEG", quality=95)
        data = buffer.getvalue()
        with self.assertRaises(ImageRejected):
            clean_image(f.upload("cut.jpg", data[: len(data) // 2]))

    def test_it_rejects_other_image_formats(self) -> None:
        for fmt in ("BMP", "TIFF", "ICO"):
            with self.subTest(fmt=fmt):
                buffer = io.BytesIO()
                Image.new("RGB", (16, 16), "red").save(buffer, format=fmt)
                with self.assertRaises(ImageRejected):
                    clean_image(f.upload(f"x.{fmt.lower()}", buffer.getvalue()))

    def test_it_rejects_a_decompression_bomb(self) -> None:
        # 100 million pixels in a few kilobytes of PNG: beyond Pillow's limit, so refused before decoding.
        buffer = io.BytesIO()
        Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
        self.assertLess(len(buffer.getvalue()), 100_000)
        with self.assertRaises(ImageRejected):
            clean_image(f.upload("bomb.png", buffer.getvalue(), "image/png"))

    def test_it_rejects_an_empty_file(self) -> None:
        with self.assertRaisesMessage(ImageRejected, "empty.jpg"):
            clean_image(f.upload("empty.jpg", b""))

    @override_settings(SAMBAT_MAX_IMAGE_BYTES=4096)
    def test_it_rejects_an_oversized_file(self) -> None:
        big = f.jpeg_bytes(size=(400, 400)) + b"\0" * 8192
        with self.assertRaisesMessage(ImageRejected, "big.jpg"):
            clean_image(f.upload("big.jpg", big))
        # A stream that does not announce its size is cut off at the limit too.
        with self.assertRaises(ImageRejected):
            clean_image(io.BytesIO(big), name="stream.jpg")

    def test_it_accepts_up_to_five_files_and_rejects_six(self) -> None:
        self.assertEqual(len(clean_images([f.upload(f"{i}.jpg") for i in range(5)])), 5)
        with self.assertRaises(ImageRejected):
            clean_images([f.upload(f"{i}.jpg") for i in range(6)])

    def test_it_rejects_the_whole_batch_when_one_file_is_bad(self) -> None:
        uploads = [f.upload("good.jpg"), f.upload("bad.jpg", b"GIF89a but not really")]
        with self.assertRaisesMessage(ImageRejected, "bad.jpg"):
            clean_images(uploads)
