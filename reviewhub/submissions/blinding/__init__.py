"""Blind copies of uploaded files: the same work without the metadata that can name a person or
place (EXIF, XMP, IPTC, text chunks, ID3 and Vorbis comments, QuickTime atoms, PDF document
information, annotations, embedded files) and without a PDF's active content.

Pure: files in, files out, no Flask and no database. `blind_copy` reads the upload once and
writes the copy once (PDFs reuse the reader the upload check opened). It raises CannotBlind
when the file cannot be cleaned: the caller keeps the upload, flags it, and never serves it to
a blind reader."""

from dataclasses import dataclass
from pathlib import Path

from reviewhub.submissions.blinding.common import Blinded, CannotBlind

__all__ = ["Blinded", "CannotBlind", "blind_copy", "handles"]


@dataclass(frozen=True)
class _Family:
    module: str
    function: str


# Content type (as sniffed) -> the function that cleans it.
_BY_TYPE = {
    "application/pdf": _Family("pdf", "clean_pdf"),
    "image/png": _Family("images", "clean_png"),
    "image/jpeg": _Family("images", "clean_jpeg"),
    "image/webp": _Family("images", "clean_webp"),
    "image/gif": _Family("images", "clean_gif"),
    "image/tiff": _Family("images", "clean_tiff"),
    "audio/mpeg": _Family("audio", "clean_mp3"),
    "audio/flac": _Family("audio", "clean_flac"),
    "audio/ogg": _Family("audio", "clean_ogg"),
    "audio/wav": _Family("audio", "clean_wav"),
    "audio/mp4": _Family("video", "clean_m4a"),
    "video/mp4": _Family("video", "clean_mp4"),
    "video/quicktime": _Family("video", "clean_mov"),
    "video/webm": _Family("video", "clean_webm"),
}


def handles(content_type: str) -> bool:
    """Whether files of this (sniffed) type get a blind copy; others (ZIP archives) are
    served to blind readers only as they are, as attachments."""
    return content_type in _BY_TYPE


def blind_copy(content_type: str, source: Path, target: Path, *, pdf_reader=None) -> Blinded:
    """Write the cleaned copy of `source` (of the sniffed `content_type`) to `target` and say
    what was removed. Raises CannotBlind (target may be left partly written: the caller
    deletes it) when the file cannot be cleaned or the cleaned copy does not decode."""
    import importlib

    family = _BY_TYPE.get(content_type)
    if family is None:
        raise CannotBlind("files of this kind cannot be anonymised")
    module = importlib.import_module(f"reviewhub.submissions.blinding.{family.module}")
    clean = getattr(module, family.function)
    if family.module == "pdf":
        return clean(source, target, reader=pdf_reader)
    return clean(source, target)
