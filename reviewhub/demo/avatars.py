"""Generated portrait placeholders for demo people: initials on a colour from the name."""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont


def avatar_png(name: str, size: int = 320) -> bytes:
    digest = hashlib.sha256(name.encode()).digest()
    colour = (60 + digest[0] % 140, 60 + digest[1] % 140, 60 + digest[2] % 140)
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2] if part[:1].isalpha()).upper()
    try:
        font = ImageFont.load_default(size=size // 3)
    except TypeError:  # Pillow before 10.1
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
