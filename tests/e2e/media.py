"""Small real files for uploads: a PDF with extractable text, a PNG, a WAV."""

import io
import math
import struct
import wave
from pathlib import Path


def _pdf_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica text) that pypdf opens and extracts text from."""
    stream_lines = ["BT", "/F1 16 Tf", "72 740 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        stream_lines += ["0 -18 Td", f"({_pdf_text(line)}) Tj"]
    stream = "\n".join(stream_lines + ["ET"]).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes(seed: int = 1, size: int = 96) -> bytes:
    """A small picture with some structure (gradients and a disc), so hashes differ by seed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size))
    pixels = image.load()
    for x in range(size):
        for y in range(size):
            pixels[x, y] = ((x * 3 + seed * 40) % 256, (y * 2 + seed * 70) % 256, (x + y) % 256)
    ImageDraw.Draw(image).ellipse((size // 4, size // 4, 3 * size // 4, 3 * size // 4),
                                  fill=(250, 240 - seed * 20 % 200, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def wav_bytes(seconds: float = 0.5, frequency: float = 440.0, rate: int = 8000) -> bytes:
    """A mono 16-bit sine tone."""
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        frames = int(seconds * rate)
        handle.writeframes(b"".join(
            struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * i / rate)))
            for i in range(frames)
        ))
    return out.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
