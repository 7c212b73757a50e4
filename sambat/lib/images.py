"""Turns an uploaded file into a safe public image: verified, re-encoded without EXIF, plus a thumbnail.

Re-encoding (rather than deleting EXIF tags) also drops GPS, maker notes, XMP and any trailing payload
smuggled after the image data.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pixel cap against decompression bombs (a 12k x 12k image is far beyond any phone camera).
MAX_PIXELS = 144_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png", "MPO": "jpg"}
MAX_EDGE = 2560
THUMB_EDGE = 360


class ImageRejected(ValueError):
    """The upload is not an acceptable image; the message is shown to the user."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    thumbnail: bytes
    extension: str
    sha256: str
    original_name: str


def _read_limited(upload: IO[bytes], name: str) -> bytes:
    limit = settings.SAMBAT_MAX_IMAGE_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ImageRejected(_("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // (1024 * 1024)})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImageRejected(_("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // (1024 * 1024)})
    if not data:
        raise ImageRejected(_("%(name)s is empty.") % {"name": name})
    return data


def clean_image(upload: IO[bytes], *, name: str = "") -> CleanImage:
    """Validate and re-encode one uploaded image. Raises ImageRejected with a user-facing message."""
    display_name = (name or getattr(upload, "name", "") or "image")[-120:]
    data = _read_limited(upload, display_name)
    not_an_image = _("%(name)s is not a valid image (JPEG, PNG, WebP or GIF).") % {"name": display_name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ImageRejected(not_an_image)
            if image.width * image.height > MAX_PIXELS:
                raise ImageRejected(_("%(name)s has too many pixels.") % {"name": display_name})
            image.load()
    except ImageRejected:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ImageRejected(not_an_image) from exc

    extension = ALLOWED_FORMATS[image.format or ""]
    # Apply the camera's orientation before the EXIF that carried it is dropped.
    image = ImageOps.exif_transpose(image)
    if extension == "jpg":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    content = _encode(image, extension)
    thumb = image.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE))
    return CleanImage(
        content=content,
        thumbnail=_encode(thumb, extension),
        extension=extension,
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=display_name,
    )


def _encode(image: Image.Image, extension: str) -> bytes:
    buffer = io.BytesIO()
    # No exif=, no icc_profile carry-over: the output holds pixels only.
    if extension == "jpg":
        image.save(buffer, format="JPEG", quality=85, optimize=True)
    elif extension == "webp":
        image.save(buffer, format="WEBP", quality=85)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def clean_images(uploads: list, *, limit: int | None = None) -> list[CleanImage]:
    """Validate a whole batch first, so one bad file rejects the submission before anything is saved."""
    limit = limit if limit is not None else settings.SAMBAT_MAX_IMAGES
    if len(uploads) > limit:
        raise ImageRejected(_("At most %(count)d photos can be attached.") % {"count": limit})
    return [clean_image(upload) for upload in uploads]
