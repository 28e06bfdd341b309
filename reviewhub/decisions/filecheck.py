"""What an uploaded file is, judged by its first bytes (magic numbers), never by its name.

A small duplicate of the submissions domain's checking, kept here until that one lands.
"""

# (kind, content type, test on the first 16 bytes)
_SIGNATURES = [
    ("pdf", "application/pdf", lambda b: b.startswith(b"%PDF-")),
    ("image", "image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image", "image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ("image", "image/gif", lambda b: b[:6] in (b"GIF87a", b"GIF89a")),
    ("image", "image/webp", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    ("audio", "audio/wav", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE"),
    ("audio", "audio/mpeg", lambda b: b.startswith(b"ID3") or b[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ("audio", "audio/ogg", lambda b: b.startswith(b"OggS")),
    ("audio", "audio/flac", lambda b: b.startswith(b"fLaC")),
    ("video", "video/mp4", lambda b: b[4:8] == b"ftyp"),
    ("video", "video/webm", lambda b: b.startswith(b"\x1a\x45\xdf\xa3")),
    ("zip", "application/zip", lambda b: b.startswith(b"PK\x03\x04")),
]


def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, content type) of the data, or None when it is none of the known kinds."""
    head = data[:16]
    for kind, content_type, test in _SIGNATURES:
        if test(head):
            return kind, content_type
    return None
