import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.test import TestCase, override_settings
from PIL import Image

from sambat.complaints.models import Attachment, Complaint
from sambat.complaints.tests.factories import Personas, TemporaryMediaMixin, jpeg_with_gps_bytes
from sambat.open311.actions import create_client
from sambat.open311.tests.helpers import parse, post_request


class PhotoServer(BaseHTTPRequestHandler):
    """Serves the test's files: /gps.jpg (a real photo with GPS in its EXIF), /big.jpg (over the size cap, with
    its length announced), /big-unannounced.jpg (the same, streamed without a length), /fake.jpg (no image) and
    /moved.jpg (a redirect elsewhere). Every path asked for is recorded."""

    requested: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.requested.append(self.path)
        too_big = settings.SAMBAT_MAX_IMAGE_BYTES + 1
        if self.path == "/moved.jpg":
            self.send_response(302)
            self.send_header("Location", "http://localhost:1/gps.jpg")
            self.end_headers()
            return
        bodies = {
            "/gps.jpg": jpeg_with_gps_bytes(size=(120, 90)),
            "/big.jpg": b"\xff" * too_big,
            "/big-unannounced.jpg": b"\xff" * too_big,
            "/fake.jpg": b"<html>not a photo</html>",
        }
        body = bodies.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        if self.path != "/big-unannounced.jpg":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at the cap, as it should

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


class MediaUrlTests(TemporaryMediaMixin, TestCase):
    server: ThreadingHTTPServer
    thread: threading.Thread

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), PhotoServer)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join()
        super().tearDownClass()

    def setUp(self) -> None:
        PhotoServer.requested = []
        self.p = Personas()
        self.open311_client, self.key = create_client(name="FixMyStreet Malang")
        self.port = self.server.server_address[1]

    def submit_ignoring_media(self, url: str) -> Complaint:
        """Submit with a media_url that must be ignored, and check the server's log says why."""
        with self.assertLogs("sambat.open311.media", "INFO") as logs:
            complaint = self.submit_with_media(url)
        self.assertIn("ignored", logs.output[0])
        self.assertNotIn("secret", logs.output[0])
        self.assertFalse(Attachment.objects.filter(complaint=complaint).exists())
        return complaint

    def submit_with_media(self, url: str) -> Complaint:
        data = {
            "api_key": self.key,
            "service_code": "jalan-rusak",
            "lat": "-7.9797",
            "long": "112.6304",
            "description": "Lubang besar di tengah jalan, motor sering terperosok.",
            "media_url": url,
        }
        response = post_request(self.client, data)
        # Whatever happened to the photo, the complaint is filed.
        self.assertEqual(response.status_code, 201, response.content)
        (answer,) = parse(response, "json")
        self.assertNotIn("media", answer["service_notice"].lower())
        return Complaint.objects.get(tracking_code=answer["service_request_id"])

    @override_settings(SAMBAT_OPEN311_MEDIA_HOSTS=["127.0.0.1"])
    def test_it_fetches_a_photo_from_a_trusted_host_and_drops_its_exif(self) -> None:
        complaint = self.submit_with_media(f"http://127.0.0.1:{self.port}/gps.jpg")
        self.assertEqual(PhotoServer.requested, ["/gps.jpg"])
        (attachment,) = Attachment.objects.filter(complaint=complaint)
        self.assertEqual((attachment.width, attachment.height, attachment.is_public), (120, 90, True))
        self.assertEqual(attachment.original_name, "gps.jpg")
        with attachment.image.open("rb") as stored:
            data = stored.read()
        with Image.open(io.BytesIO(data)) as image:
            self.assertEqual(image.format, "JPEG")
            self.assertEqual(dict(image.getexif()), {})
        self.assertNotIn(b"SambatCam", data)
        # The photo is published with the request.
        row = parse(self.client.get(f"/open311/v2/requests/{complaint.tracking_code}.json"), "json")[0]
        self.assertIn(f"/foto/{attachment.id}", row["media_url"])

    @override_settings(SAMBAT_OPEN311_MEDIA_HOSTS=["127.0.0.1:1", "media.example.org"])
    def test_it_never_asks_a_host_that_is_not_trusted(self) -> None:
        for url in (
            f"http://localhost:{self.port}/gps.jpg",  # the same server under another name
            f"http://127.0.0.1:{self.port}/gps.jpg",  # trusted on another port only
            f"ftp://127.0.0.1:{self.port}/gps.jpg",
            f"http://user:secret@media.example.org:{self.port}/gps.jpg",
            "bukan alamat",
        ):
            with self.subTest(url=url):
                self.submit_ignoring_media(url)
        self.assertEqual(PhotoServer.requested, [])

    def test_it_fetches_nothing_when_no_host_is_trusted(self) -> None:
        self.submit_ignoring_media(f"http://127.0.0.1:{self.port}/gps.jpg")
        self.assertEqual(PhotoServer.requested, [])

    @override_settings(SAMBAT_OPEN311_MEDIA_HOSTS=["127.0.0.1"])
    def test_it_ignores_oversized_fake_missing_or_redirected_files_and_keeps_the_complaint(self) -> None:
        for path in ("/big.jpg", "/big-unannounced.jpg", "/fake.jpg", "/hilang.jpg", "/moved.jpg"):
            with self.subTest(path=path):
                complaint = self.submit_ignoring_media(f"http://127.0.0.1:{self.port}{path}")
                self.assertEqual(complaint.text, "Lubang besar di tengah jalan, motor sering terperosok.")
        # The redirect was not followed.
        self.assertEqual(
            PhotoServer.requested, ["/big.jpg", "/big-unannounced.jpg", "/fake.jpg", "/hilang.jpg", "/moved.jpg"]
        )

    @override_settings(SAMBAT_OPEN311_MEDIA_HOSTS=["127.0.0.1"])
    def test_it_ignores_a_host_that_does_not_answer(self) -> None:
        with ThreadingHTTPServer(("127.0.0.1", 0), PhotoServer) as closed:
            port = closed.server_address[1]
        self.submit_ignoring_media(f"http://127.0.0.1:{port}/gps.jpg")
