"""PDF facts with pypdf: page count, text and first-page text (the blind copy without
metadata is made by submissions.blinding.pdf, from the same reader).

Sources are bytes or an open binary file: pypdf reads a file only where the cross-reference
table points, so checking a stored 20 MB upload does not load it into memory."""

import io
import logging
from dataclasses import dataclass
from typing import BinaryIO

TEXT_LIMIT = 200_000
TEXT_PAGES = 200
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed uploads are expected here


class UnreadablePdf(ValueError):
    """pypdf could not parse the file (damaged, encrypted or not really a PDF)."""


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    text: str
    first_page_text: str


def open_reader(source: bytes | BinaryIO):
    """A pypdf reader on the source; raises UnreadablePdf (damaged, encrypted, not a PDF)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
        if reader.is_encrypted:
            raise UnreadablePdf("The PDF is encrypted; upload it without a password.")
        return reader
    except UnreadablePdf:
        raise
    except Exception as error:  # pypdf raises many kinds on malformed input
        raise UnreadablePdf("The PDF cannot be read; export it again and retry.") from error


def inspect(source: bytes | BinaryIO, *, text_pages: int = TEXT_PAGES) -> PdfFacts:
    """Page count and the text of the first `text_pages` pages (whitespace-normalised,
    capped). With text_pages=1 it is the cheap check a request can afford: readable, how many
    pages, and the first page's text; the whole text is extracted in a background job."""
    return facts_of(open_reader(source), text_pages=text_pages)


def facts_of(reader, *, text_pages: int = TEXT_PAGES) -> PdfFacts:
    """inspect() on a reader already open (the upload check shares it with the blind copy)."""
    try:
        count = len(reader.pages)
        texts = [(page.extract_text() or "") for page in reader.pages[:text_pages]]
    except Exception as error:
        raise UnreadablePdf("The PDF cannot be read; export it again and retry.") from error
    joined = " ".join(" ".join(texts).split())
    first = " ".join(texts[0].split()) if texts else ""
    return PdfFacts(page_count=count, text=joined[:TEXT_LIMIT], first_page_text=first)


def metadata(data: bytes) -> dict[str, str]:
    """The document information (Author, Title, ...) as plain strings, XMP noted when present."""
    reader = open_reader(data)
    info = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
    if "/Metadata" in reader.trailer["/Root"]:
        info["XMP"] = "present"
    return info
