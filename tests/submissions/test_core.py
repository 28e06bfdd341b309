"""Pure parts: file sniffing, PDF tools, conflict finding, deadlines, slots, changes, charts."""

from datetime import UTC, datetime, timedelta

import pytest

from reviewhub.submissions import charts, conflictcore, core, pdftools, sniff
from reviewhub.submissions.pdfgen import make_pdf
from tests.submissions.helpers import PNG_1PX, wav

SAMPLES = {
    "pdf": b"%PDF-1.7\n...", "zip": b"PK\x03\x04\x14\x00", "png": PNG_1PX, "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "webp": b"RIFF\x10\x00\x00\x00WEBPVP8 ", "wav": b"RIFF\x10\x00\x00\x00WAVEfmt ", "mp3_id3": b"ID3\x04\x00",
    "mp3_frame": b"\xff\xfb\x90\x64\x00", "ogg": b"OggS\x00\x02", "mp4": b"\x00\x00\x00\x18ftypmp42",
    "webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86",
}
EXPECTED = {"pdf": "application/pdf", "zip": "application/zip", "png": "image/png", "jpeg": "image/jpeg",
            "webp": "image/webp", "wav": "audio/wav", "mp3_id3": "audio/mpeg", "mp3_frame": "audio/mpeg",
            "ogg": "audio/ogg", "mp4": "video/mp4", "webm": "video/webm"}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sniff_recognises_each_format_by_its_magic_bytes(name):
    assert sniff.sniff(SAMPLES[name]).content_type == EXPECTED[name]


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><html><script>alert(1)</script>", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    b"<?xml version='1.0'?><svg/>", b"MZ\x90\x00", b"", b"plain text", b"\xff\x00\x00", b"RIFF\x00\x00\x00\x00AVI ",
])
def test_sniff_refuses_markup_executables_and_unknown_data(data):
    assert sniff.sniff(data) is None


def test_markup_is_recognised_for_a_specific_message():
    assert sniff.looks_like_markup(b"  \n<html>")
    assert sniff.looks_like_markup(b"\xef\xbb\xbf<svg>")
    assert not sniff.looks_like_markup(b"%PDF-1.4")


def test_generated_pdf_is_readable_and_counts_pages():
    data = make_pdf("Title", "Body text about diffusion models. " * 400, min_pages=3)
    facts = pdftools.inspect(data)
    assert facts.page_count >= 3
    assert "diffusion models" in facts.text
    assert facts.first_page_text.startswith("Title")


def test_metadata_is_stripped_including_xmp():
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf("T", "x", info={"Author": "Jane Doe"}))))
    writer.add_metadata({"/Title": "Secret title"})
    writer.xmp_metadata = None
    from pypdf.generic import NameObject, StreamObject

    xmp = StreamObject()
    xmp.set_data(b"<x:xmpmeta><dc:creator>Jane Doe</dc:creator></x:xmpmeta>")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = BytesIO()
    writer.write(out)
    before = pdftools.metadata(out.getvalue())
    assert before["Author"] == "Jane Doe" and before["XMP"] == "present"
    cleaned = _blind_pdf(out.getvalue())
    assert pdftools.metadata(cleaned) == {}
    assert b"Jane Doe" not in cleaned
    assert pdftools.inspect(cleaned).page_count == 1


def _blind_pdf(data: bytes) -> bytes:
    import tempfile
    from pathlib import Path

    from reviewhub.submissions.blinding.pdf import clean_pdf

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        clean_pdf(source, target)
        return target.read_bytes()


def test_damaged_pdf_is_reported_not_crashed():
    with pytest.raises(pdftools.UnreadablePdf):
        pdftools.inspect(b"%PDF-1.4 this is not really a pdf")


@pytest.mark.parametrize("email, domain", [
    ("a@cs.stanford.edu", "stanford.edu"), ("a@stanford.edu", "stanford.edu"), ("a@cs.ox.ac.uk", "ox.ac.uk"),
    ("a@gmail.com", None), ("a@QQ.com", None), ("a@163.com", None), ("a@proton.me", None),
    ("a@demo.example.org", None), ("a@uni1.example.edu", "uni1.example.edu"), ("bad", None),
])
def test_institution_domain_ignores_public_providers(email, domain):
    assert conflictcore.institution_domain(email) == domain


def test_affiliations_are_normalised():
    assert conflictcore.normalise_affiliation("Université de Montréal") == \
        conflictcore.normalise_affiliation("universite   MONTREAL")
    assert conflictcore.normalise_affiliation("ETH Zürich") == "eth zurich"


def test_find_conflicts_by_domain_and_affiliation_but_not_public_mail():
    people = [conflictcore.Person(1, "r@mit.edu", "Somewhere"), conflictcore.Person(2, "x@gmail.com", "ETH Zürich"),
              conflictcore.Person(3, "y@gmail.com", "Elsewhere")]
    authors = [conflictcore.Author("a@csail.mit.edu", ""), conflictcore.Author("b@gmail.com", "ETH Zurich")]
    found = conflictcore.find_conflicts(authors, people)
    assert [(f.user_id, f.source) for f in found] == [(1, "email_domain"), (2, "affiliation")]


def test_a_person_is_not_found_conflicted_through_their_own_author_row():
    people = [conflictcore.Person(1, "r@mit.edu", "MIT")]
    assert conflictcore.find_conflicts([conflictcore.Author("R@mit.edu", "MIT")], people) == []


def test_extension_overrides_type_which_overrides_event():
    e, t, x = (datetime(2030, 1, d, tzinfo=UTC) for d in (1, 2, 3))
    assert core.effective_deadline(e, None, None) == e
    assert core.effective_deadline(e, t, None) == t
    assert core.effective_deadline(e, t, x) == x
    assert core.effective_deadline(None, None, None) is None


def test_deadline_is_open_through_its_instant_and_closed_one_second_later():
    deadline = datetime(2030, 1, 1, 11, 59, 59, tzinfo=UTC)
    assert core.is_open(deadline, deadline - timedelta(seconds=1))
    assert core.is_open(deadline, deadline)
    assert not core.is_open(deadline, deadline + timedelta(seconds=1))
    assert core.is_open(None, deadline)


def test_slots_for_paper_and_creative_work():
    paper = core.file_slots(["pdf", "zip"], ["pdf"], False)
    assert [(s.purpose, s.kinds, s.required) for s in paper] == [
        ("main", ("pdf",), True), ("supplementary", ("pdf", "zip"), False)]
    creative = core.file_slots(["image", "audio", "video", "pdf"], ["image", "audio", "video"], True)
    assert [(s.purpose, s.required, s.multiple) for s in creative] == [("media", False, True), ("statement", False, False)]


def test_changes_lists_each_changed_field():
    before = {"title": "A", "authors": ["x"], "consent_to_publish": False}
    after = {"title": "B", "authors": ["x", "y"], "consent_to_publish": True}
    assert core.changes(before, after) == [("Title", "A", "B"), ("Authors", "x", "x; y"),
                                           ("Consent to publish", "no", "yes")]


def test_names_in_text_finds_full_names_only():
    text = "Brushes that listen. Jane   Doe, University of Somewhere"
    assert core.names_in_text(["Jane Doe", "Bo", "John Roe"], text) == ["Jane Doe"]


def test_bar_chart_escapes_labels_and_describes_data():
    svg = str(charts.bar_chart([("<script>", 3), ("b", 0)], title="T", chart_id="c"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "<desc" in svg
    assert str(charts.bar_chart([], title="T", chart_id="c")) == ""


def test_wav_helper_is_wav():
    assert sniff.sniff(wav()).content_type == "audio/wav"
