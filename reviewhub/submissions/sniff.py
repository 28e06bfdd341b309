"""What an uploaded file is, judged by its first bytes (magic numbers), never by its name."""

from dataclasses import dataclass

KINDS = ("pdf", "zip", "image", "audio", "video")
MEDIA_KINDS = ("image", "audio", "video")
KIND_LABELS = {
    "pdf": "PDF", "zip": "ZIP archive", "image": "image (PNG, JPEG, WebP, GIF, TIFF)",
    "audio": "audio (MP3, WAV, FLAC, OGG, M4A)", "video": "video (MP4, WebM, MOV)",
}


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    extension: str


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a valid layer and bit-rate index."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    layer = (head[1] >> 1) & 0b11
    bitrate = head[2] >> 4
    return layer != 0 and bitrate not in (0, 0b1111)


# ISO base media brands that hold sound only (iTunes' M4A/M4B/M4P), and QuickTime's.
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ")
_QUICKTIME_BRAND = b"qt  "
# A QuickTime file from before ftyp existed starts with one of these atoms.
_QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide")


def _ftyp(head: bytes, brands: tuple[bytes, ...]) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in brands


_SIGNATURES = [
    (lambda b: b.startswith(b"%PDF-"), Sniffed("pdf", "application/pdf", "pdf")),
    (lambda b: b.startswith(b"PK\x03\x04"), Sniffed("zip", "application/zip", "zip")),
    (lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"), Sniffed("image", "image/png", "png")),
    (lambda b: b.startswith(b"\xff\xd8\xff"), Sniffed("image", "image/jpeg", "jpg")),
    (lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP", Sniffed("image", "image/webp", "webp")),
    (lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE", Sniffed("audio", "audio/wav", "wav")),
    (lambda b: b.startswith(b"ID3") or _mp3_frame(b), Sniffed("audio", "audio/mpeg", "mp3")),
    (lambda b: b.startswith(b"OggS"), Sniffed("audio", "audio/ogg", "ogg")),
    (lambda b: b.startswith((b"GIF87a", b"GIF89a")), Sniffed("image", "image/gif", "gif")),
    (lambda b: b.startswith((b"II*\x00", b"MM\x00*")), Sniffed("image", "image/tiff", "tiff")),
    (lambda b: b.startswith(b"fLaC"), Sniffed("audio", "audio/flac", "flac")),
    (lambda b: _ftyp(b, _AUDIO_BRANDS), Sniffed("audio", "audio/mp4", "m4a")),
    (lambda b: _ftyp(b, (_QUICKTIME_BRAND,)) or b[4:8] in _QUICKTIME_ATOMS,
     Sniffed("video", "video/quicktime", "mov")),
    (lambda b: b[4:8] == b"ftyp", Sniffed("video", "video/mp4", "mp4")),
    (lambda b: b.startswith(b"\x1a\x45\xdf\xa3"), Sniffed("video", "video/webm", "webm")),
]


def sniff(data: bytes) -> Sniffed | None:
    """The file's kind and content type from its first bytes; None for anything else (HTML,
    SVG, scripts, executables): those are refused whatever their name says."""
    head = data[:16]
    for test, found in _SIGNATURES:
        if test(head):
            return found
    return None


def looks_like_markup(data: bytes) -> bool:
    """HTML or SVG (possibly renamed): worth a specific message, as it is the classic attack."""
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<"))
