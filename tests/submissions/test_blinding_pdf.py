"""The PDF cleaner, proven on a PDF that names its author in every place a PDF can and carries
every kind of active content: the blind copy is read back object by object."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reviewhub.submissions import pdftools
from reviewhub.submissions.blinding import CannotBlind
from reviewhub.submissions.blinding.pdf import clean_pdf
from tests.submissions.hostile_pdf import (
    ANNOTATION_KEYS,
    FORBIDDEN_ACTIONS,
    FORBIDDEN_KEYS,
    TRACKERS,
    every_object,
    hostile_pdf,
)
from tests.submissions.media import NAME, SERIAL, leaks


@pytest.fixture(scope="module")
def hostile() -> bytes:
    data = hostile_pdf()
    text = _all_text(data)
    assert NAME.encode() in data and all(t.decode() in text for t in TRACKERS), "the fixture must carry it all"
    return data


def _all_text(data: bytes) -> str:
    """Every object and decoded stream as text (pypdf escapes '.' in strings it writes)."""
    return " ".join(o.decode("latin-1") if isinstance(o, bytes) else repr(o) for _i, o in every_object(data))


def _blind(tmp_path: Path, data: bytes):
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    result = clean_pdf(source, target)
    return result, target.read_bytes()


def test_the_fixture_really_holds_what_the_cleaner_must_remove(hostile):
    keys = {k for _id, obj in every_object(hostile) if isinstance(obj, DictionaryObject) for k in obj}
    assert FORBIDDEN_KEYS - {"/URI", "/Outlines", "/PA"} <= keys | {"/PieceInfo"}
    assert {"/T", "/V", "/Contents", "/Popup"} <= keys


def test_no_object_of_the_blind_copy_holds_metadata_annotations_or_actions(tmp_path, hostile):
    _result, blind = _blind(tmp_path, hostile)
    annotations = 0
    for idnum, obj in every_object(blind):
        if isinstance(obj, bytes):  # a stream's decoded data
            assert NAME.encode() not in obj and not leaks(obj), idnum
            continue
        if not isinstance(obj, DictionaryObject):
            assert NAME not in str(obj), idnum
            continue
        assert not FORBIDDEN_KEYS & set(obj), (idnum, set(obj))
        assert obj.get("/S") not in FORBIDDEN_ACTIONS, idnum
        assert obj.get("/Type") not in ("/EmbeddedFile", "/Filespec", "/Metadata"), idnum
        if obj.get("/Type") == "/Annot":
            annotations += 1
            assert obj["/Subtype"] == "/Link" and not ANNOTATION_KEYS & set(obj), (idnum, dict(obj))
    assert annotations == 2, "the two internal links stay (one lost only its chained JavaScript)"


def test_the_planted_name_and_trackers_appear_nowhere_in_the_raw_bytes(tmp_path, hostile):
    _result, blind = _blind(tmp_path, hostile)
    assert leaks(blind) == []
    text = _all_text(blind)
    for tracker in TRACKERS:
        assert tracker not in blind and tracker.decode() not in text
    assert b"ada-laptop" not in blind and SERIAL.encode() not in blind and NAME not in text


def test_the_trailer_has_no_info_and_a_fresh_random_id(tmp_path, hostile):
    _result, blind = _blind(tmp_path, hostile)
    reader = PdfReader(io.BytesIO(blind))
    assert "/Info" not in reader.trailer and pdftools.metadata(blind) == {}
    first_id = _raw(reader.trailer["/ID"][0])
    assert b"ada-laptop" not in first_id and len(first_id) == 16
    _again, second = _blind(tmp_path, hostile)
    assert _raw(PdfReader(io.BytesIO(second)).trailer["/ID"][0]) != first_id, "random, not derived from the file"


def _raw(string) -> bytes:
    return string.original_bytes if hasattr(string, "original_bytes") else bytes(string)


def test_pages_text_images_and_internal_links_survive(tmp_path, hostile):
    from PIL import Image

    _result, blind = _blind(tmp_path, hostile)
    before, after = pdftools.inspect(hostile), pdftools.inspect(blind)
    assert after.page_count == before.page_count == 2 and after.text == before.text
    page = PdfReader(io.BytesIO(blind)).pages[0]
    links = [a.get_object() for a in page["/Annots"]]
    assert all(link["/Subtype"] == "/Link" for link in links)
    assert any("/Dest" in link for link in links) and any(link.get("/A", {}).get("/S") == "/GoTo" for link in links)
    image = page["/Resources"]["/XObject"]["/Im1"]
    photo = image.get_data()
    assert photo.startswith(b"\xff\xd8") and b"Exif" not in photo and leaks(photo) == []
    with Image.open(io.BytesIO(photo)) as decoded:
        assert decoded.size == (24, 16)


def test_the_author_is_told_everything_that_went(tmp_path, hostile):
    result, _blind_copy = _blind(tmp_path, hostile)
    said = " | ".join(result.removed)
    for expected in ("document information (Author, Creator, Keywords)", "XMP metadata", "JavaScript",
                     "an action run on opening", "automatic actions", "form fields and their values",
                     "embedded files", "links to outside addresses (/URI)", "actions that start programs (/Launch)",
                     "form submissions (/SubmitForm)", "comments and annotations (with their authors and contents)",
                     "the document ID", "EXIF", "private application data"):
        assert expected in said, expected


def test_a_plain_pdf_loses_only_what_it_had(tmp_path):
    from reviewhub.submissions.pdfgen import make_pdf

    result, blind = _blind(tmp_path, make_pdf("T", "Plain text.", info={"Author": NAME}))
    assert result.removed == ("document information (Author, Producer)",) or \
        result.removed == ("document information (Author)",)
    assert NAME.encode() not in blind and pdftools.inspect(blind).text == pdftools.inspect(
        make_pdf("T", "Plain text.")).text


def test_a_damaged_pdf_cannot_be_blinded(tmp_path):
    with pytest.raises(CannotBlind):
        _blind(tmp_path, b"%PDF-1.4 this is not really a pdf")
