"""A minimal PDF writer (text pages in Helvetica) for demo data and tests; pure, no deps."""

import textwrap

_LINE_CHARS = 90
_LINES_PER_PAGE = 52


def _escape(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(lines: list[str], title: str | None) -> bytes:
    parts = ["BT"]
    y = 780
    if title:
        parts += ["/F1 16 Tf", f"1 0 0 1 56 {y} Tm", f"({_escape(title)}) Tj"]
        y -= 28
    parts.append("/F1 10 Tf")
    for line in lines:
        parts += [f"1 0 0 1 56 {y} Tm", f"({_escape(line)}) Tj"]
        y -= 14
    parts.append("ET")
    return "\n".join(parts).encode("latin-1")


def _paginate(body: str, title: str) -> list[tuple[str | None, list[str]]]:
    lines: list[str] = []
    for paragraph in body.split("\n"):
        lines += textwrap.wrap(paragraph, _LINE_CHARS) or [""]
    pages: list[tuple[str | None, list[str]]] = []
    first = _LINES_PER_PAGE - 3
    pages.append((title, lines[:first]))
    rest = lines[first:]
    while rest:
        pages.append((None, rest[:_LINES_PER_PAGE]))
        rest = rest[_LINES_PER_PAGE:]
    return pages


def make_pdf(title: str, body: str, *, info: dict[str, str] | None = None, min_pages: int = 1) -> bytes:
    """A valid PDF whose text pypdf can extract; `info` fills the document information
    dictionary (e.g. {"Author": ...}) so tests can check it is stripped."""
    pages = _paginate(body, title)
    while len(pages) < min_pages:
        pages.append((None, [f"Page {len(pages) + 1}"]))
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: pages (filled below)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page_title, lines in pages:
        stream = _page_stream(lines, page_title)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info_id = None
    if info:
        entries = " ".join(f"/{k} ({_escape(v)})" for k, v in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
        info_id = len(objects)
    return _assemble(objects, info_id)


def _assemble(objects: list[bytes], info_id: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
