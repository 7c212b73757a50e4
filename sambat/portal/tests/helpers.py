"""Shared set-up for the portal tests: the usual personas, a temporary media folder and form helpers."""

import io
import os
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from PIL import Image

from sambat.complaints.models import Attachment, Complaint, ComplaintEvent
from sambat.complaints.tests.factories import MALANG_LAT, MALANG_LON, Personas, TemporaryMediaMixin, upload


def report_data(**overrides: Any) -> dict[str, Any]:
    """A valid report form submission; override or drop (value None) any field."""
    data: dict[str, Any] = {
        "kind": "pengaduan",
        "title": "",
        "text": "Jalan berlubang besar di depan SD Negeri Kauman, sudah dua minggu.",
        "category": "",
        "latitude": "",
        "longitude": "",
        "address": "Jl. Kauman depan SD",
        "privacy": "public",
        "reporter_name": "",
        "reporter_phone": "",
        "reporter_email": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def pin() -> dict[str, Any]:
    """Coordinates inside the personas' kelurahan."""
    return {"latitude": str(MALANG_LAT), "longitude": str(MALANG_LON)}


def noisy_jpeg(size: tuple[int, int] = (200, 200)) -> bytes:
    """A JPEG that does not compress well, for size limits."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def fake_image(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is a text file, not a photo\n" * 10, content_type="image/jpeg")


def photo_bytes(response: Any) -> bytes:
    # Reading the stream to its end closes the response; closing it again here would fire request_finished
    # outside the test client's guard and close the database connection of the test transaction.
    return b"".join(response.streaming_content)


class EnglishClient(Client):
    """Has chosen English pages, so assertions on texts hold whatever the Indonesian translations say."""

    def __init__(self, **defaults: Any) -> None:
        super().__init__(**defaults)
        self.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


class PortalTestCase(TemporaryMediaMixin, TestCase):
    """Personas in a fresh database, photos in a temporary folder, no cached figures from other tests."""

    client_class = EnglishClient

    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.p = Personas()

    def counts(self) -> tuple[int, int, int]:
        return Complaint.objects.count(), ComplaintEvent.objects.count(), Attachment.objects.count()

    def submit(self, *, client: Client | None = None, files: list | None = None, **overrides: Any) -> Any:
        data = report_data(**overrides)
        if files is not None:
            data["photos"] = files
        return (client or self.client).post("/lapor/", data)

    def file_report(self, *, client: Client | None = None, **overrides: Any) -> Complaint:
        """Files a report through the form and returns it (the last complaint)."""
        response = self.submit(client=client, **overrides)
        assert response.status_code == 302, response.content.decode()[:2000]
        return Complaint.objects.latest("id")


__all__ = ["EnglishClient", "PortalTestCase", "fake_image", "noisy_jpeg", "photo_bytes", "pin", "report_data", "upload"]
