"""Sending a stored photo to whoever a view has already allowed to see it (portal pages and the REST API)."""

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from sambat.complaints.models import Attachment

# The file behind an attachment id never changes, so browsers and apps may keep it for a year.
PHOTO_CACHE_SECONDS = 365 * 24 * 3600
# Uploads are re-encoded to one of these (lib.images), so the extension tells the type.
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def photo_response(attachment: Attachment, *, thumbnail: bool = False) -> FileResponse:
    """The photo or its thumbnail as a file response; a file missing from storage is a 404."""
    stored = attachment.thumbnail if thumbnail else attachment.image
    extension = (stored.name or "").rsplit(".", 1)[-1].lower()
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Photo file missing") from exc
    response = FileResponse(handle, content_type=PHOTO_TYPES.get(extension, "application/octet-stream"))
    # "private": shared caches must not keep photos that are not public (yet).
    patch_cache_control(response, private=True, max_age=PHOTO_CACHE_SECONDS, immutable=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
