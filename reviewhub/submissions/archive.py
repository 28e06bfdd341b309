"""A ZIP written as it streams (pure: no database, no Flask): the organizers' download of many
submissions' files starts at once and never holds the whole archive in memory."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

CHUNK = 1 << 20


class _Sink:
    """A write-only, unseekable file that hands out what was written so far: zipfile then
    writes data descriptors after each member instead of seeking back."""

    def __init__(self):
        self._parts: list[bytes] = []
        self._written = 0

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def stream_zip(entries: Iterable[tuple[str, Callable[[], BinaryIO]]]) -> Iterator[bytes]:
    """The ZIP of `entries` ((name in the archive, a callable opening its bytes)), in chunks.
    Already-compressed files (PDF, media) are stored, not deflated: deflating them costs CPU
    for nothing."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, opener in entries:
            with opener() as source, archive.open(name, "w", force_zip64=True) as member:
                while chunk := source.read(CHUNK):
                    member.write(chunk)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()


def member_name(number: int, title: str, purpose: str, extension: str, index: int = 0) -> str:
    """'0007-main-latent-diffusion-for-scores.pdf': sortable by number, ASCII, no path parts."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "untitled"
    suffix = f"-{index + 1}" if index else ""
    return f"{number:04d}-{purpose}{suffix}-{slug}.{extension}"
