"""Small drawn pictures for demo complaints (no real photos): a pothole, rubbish, a flooded street, a tree.

They go through `lib.images.clean_image` like any upload, so the demo exercises the real image path.
"""

import io
import random

from PIL import Image, ImageDraw

from sambat.lib.images import CleanImage, clean_image

WIDTH, HEIGHT = 640, 480


def _street(draw: ImageDraw.ImageDraw, rng: random.Random, *, sky: tuple[int, int, int]) -> None:
    draw.rectangle((0, 0, WIDTH, HEIGHT // 3), fill=sky)
    draw.rectangle((0, HEIGHT // 3, WIDTH, HEIGHT), fill=(rng.randint(95, 120),) * 3)
    for x in range(20, WIDTH, 120):  # lane markings
        draw.rectangle((x, HEIGHT * 2 // 3, x + 60, HEIGHT * 2 // 3 + 8), fill=(235, 235, 225))


def _pothole(draw: ImageDraw.ImageDraw, rng: random.Random, fixed: bool) -> None:
    _street(draw, rng, sky=(150, 190, 230))
    x, y = rng.randint(120, 420), rng.randint(260, 360)
    if fixed:
        draw.ellipse((x, y, x + 170, y + 70), fill=(45, 45, 48))  # fresh asphalt patch
    else:
        draw.ellipse((x, y, x + 170, y + 70), fill=(60, 50, 40))
        draw.ellipse((x + 25, y + 15, x + 140, y + 55), fill=(90, 110, 120))  # water in the hole


def _rubbish(draw: ImageDraw.ImageDraw, rng: random.Random, fixed: bool) -> None:
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=(120, 140, 90))
    if fixed:
        return
    for _ in range(60):
        x, y = rng.randint(60, 560), rng.randint(200, 430)
        colour = rng.choice(((230, 230, 230), (40, 40, 40), (200, 60, 50), (60, 90, 180), (230, 200, 60)))
        draw.ellipse((x, y, x + rng.randint(20, 60), y + rng.randint(15, 40)), fill=colour)


def _flood(draw: ImageDraw.ImageDraw, rng: random.Random, fixed: bool) -> None:
    _street(draw, rng, sky=(120, 130, 140))
    if not fixed:
        draw.rectangle((0, HEIGHT // 2, WIDTH, HEIGHT), fill=(140, 115, 80))
        for _ in range(12):
            x, y = rng.randint(0, 600), rng.randint(HEIGHT // 2, HEIGHT - 10)
            draw.line((x, y, x + 40, y), fill=(170, 145, 110), width=3)


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, fixed: bool) -> None:
    _street(draw, rng, sky=(150, 190, 230))
    if fixed:
        draw.rectangle((300, 200, 330, 330), fill=(100, 70, 40))  # trimmed trunk
        return
    draw.polygon(((260, 330), (300, 330), (470, 150), (440, 130)), fill=(100, 70, 40))  # leaning trunk
    draw.ellipse((360, 40, 560, 200), fill=(50, 120, 50))


def _lamp(draw: ImageDraw.ImageDraw, rng: random.Random, fixed: bool) -> None:
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=(20, 24, 40))
    draw.rectangle((300, 80, 312, 440), fill=(90, 90, 95))
    draw.rectangle((300, 80, 380, 92), fill=(90, 90, 95))
    draw.ellipse((360, 88, 400, 112), fill=(255, 240, 170) if fixed else (60, 60, 60))


_MOTIFS = {
    "jalan-rusak": _pothole,
    "sampah": _rubbish,
    "drainase-banjir": _flood,
    "taman-pohon": _tree,
    "pju": _lamp,
}
PHOTO_CATEGORIES = frozenset(_MOTIFS)


def demo_photo(category_code: str, rng: random.Random, *, fixed: bool = False, name: str = "foto.jpg") -> CleanImage:
    """A JPEG for the category (before, or after the fix), cleaned like an upload."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _MOTIFS.get(category_code, _pothole)(draw, rng, fixed)
    label = "SESUDAH - foto ilustrasi demo" if fixed else "foto ilustrasi demo"
    draw.rectangle((8, HEIGHT - 30, 16 + 7 * len(label), HEIGHT - 8), fill=(255, 255, 255))
    draw.text((12, HEIGHT - 26), label, fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    buffer.seek(0)
    return clean_image(buffer, name=name)
