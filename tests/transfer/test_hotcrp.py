"""HotCRP's submission JSON: parsed entry by entry (pure), previewed by organizers with every
problem listed, applied all or nothing."""

import io
import json
import re
import zipfile

import sqlalchemy as sa

from reviewhub.events.models import Topic
from reviewhub.extensions import db
from reviewhub.submissions.models import Conflict, Submission
from reviewhub.submissions.pdfgen import make_pdf
from reviewhub.transfer import hotcrp
from tests import factories as f

PAPER = {
    "object": "paper", "pid": 7, "title": "A very good paper", "abstract": "It is good.",
    "authors": [{"email": "joe@bloggs.example.edu", "first": "Joe", "last": "Bloggs",
                 "affiliation": "University of Joe", "contact": True},
                {"email": "eve@example.ac.uk", "first": "Eve A.", "last": "Example", "affiliation": "UoE"}],
    "topics": ["Music"], "pc_conflicts": {"pc@example.org": "collaborator"},
    "submission": {"mimetype": "application/pdf", "hash": "sha2-00", "content_file": "paper7.pdf"},
    "status": "submitted",
}


def test_documented_fields_are_read():
    parsed = hotcrp.parse(json.dumps([PAPER]), topics=["Music"], files={"paper7.pdf"})
    assert parsed.errors == ()
    (paper,) = parsed.papers
    assert (paper.pid, paper.title, paper.topics, paper.content_file) == (7, "A very good paper", ("Music",), "paper7.pdf")
    assert [(a.name, a.email, a.affiliation, a.contact) for a in paper.authors] == [
        ("Joe Bloggs", "joe@bloggs.example.edu", "University of Joe", True),
        ("Eve A. Example", "eve@example.ac.uk", "UoE", False)]
    assert paper.pc_conflicts == (("pc@example.org", "collaborator"),)


def test_every_bad_entry_is_reported_with_its_place():
    bad = [
        {**PAPER, "pid": 1, "title": ""},
        {**PAPER, "pid": 2, "authors": [{"first": "No", "last": "Mail"}]},
        {**PAPER, "pid": 3, "topics": ["Knitting"]},
        {**PAPER, "pid": 4, "pc_conflicts": {"not an address": "advisor"}},
        {**PAPER, "pid": 5, "submission": {"content_file": "missing.pdf"}},
        {**PAPER, "pid": 5, "submission": None},
        "not an object",
    ]
    parsed = hotcrp.parse(json.dumps(bad), topics=["Music"], files={"paper7.pdf"})
    messages = [m for _e, m in parsed.errors]
    assert parsed.papers and len(parsed.papers) == 1  # only the 6th entry is right
    for expected in ("entry 1 (#1): the title is missing", "entry 2 (#2): author 1 has no valid email",
                     "entry 3 (#3): unknown topics: 'Knitting'", "entry 4 (#4): pc_conflicts: 'not an address'",
                     "entry 5 (#5): its file 'missing.pdf' is not in the uploaded zip", "entry 7: is not"):
        assert any(m.startswith(expected) for m in messages), (expected, messages)


def test_not_json_or_not_a_list():
    assert hotcrp.parse("{nope", topics=[]).errors[0][1].startswith("the file is not JSON")
    assert "list of HotCRP" in hotcrp.parse("42", topics=[]).errors[0][1]


def _event_with_pc():
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    f.get_type(event)
    db.session.add(Topic(event_id=event.id, name="Music", position=0))
    pc = f.make_user(email="pc@example.org")
    f.add_role(event, pc, "reviewer")
    db.session.commit()
    return event, organizer, pc


def _zip(papers, files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("papers.json", json.dumps(papers))
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_organizer_previews_then_imports(login_as):
    event, organizer, pc = _event_with_pc()
    client = login_as(organizer)
    upload = _zip([PAPER, {**PAPER, "pid": 8, "title": "Second", "submission": None, "pc_conflicts": {}}],
                  {"paper7.pdf": make_pdf("A very good paper", "Body text.")})
    url = f"/{event.slug}/manage/import/hotcrp"
    preview = client.post(url, data={"upload": (io.BytesIO(upload), "hotcrp.zip")}, content_type="multipart/form-data")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "2 submissions to import" in page and "A very good paper" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0  # a preview writes nothing
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    applied = client.post(url, data={"token": token})
    assert applied.status_code == 302
    works = db.session.scalars(sa.select(Submission).where(Submission.event_id == event.id).order_by(Submission.number)).all()
    assert [(w.number, w.title, w.status) for w in works] == [(1, "A very good paper", "submitted"), (2, "Second", "submitted")]
    assert [a.name for a in works[0].authors] == ["Joe Bloggs", "Eve A. Example"]
    assert [t.name for t in works[0].topics] == ["Music"]
    assert [fi.kind for fi in works[0].files] == ["pdf"]
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.submission_id == works[0].id, Conflict.user_id == pc.id))
    assert conflict is not None and conflict.source == "author"


def test_bad_uploads_are_refused_with_their_problems(login_as):
    event, organizer, _pc = _event_with_pc()
    client = login_as(organizer)
    url = f"/{event.slug}/manage/import/hotcrp"
    bad = client.post(url, data={"upload": (io.BytesIO(json.dumps([{**PAPER, "title": ""}]).encode()), "p.json")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "the title is missing" in bad.get_data(as_text=True)
    traversal = _zip([PAPER], {"../paper7.pdf": b"x"})
    refused = client.post(url, data={"upload": (io.BytesIO(traversal), "p.zip")}, content_type="multipart/form-data")
    assert refused.status_code == 400 and "outside the archive" in refused.get_data(as_text=True)
    nothing = client.post(url, data={}, content_type="multipart/form-data")
    assert nothing.status_code == 400 and "Choose HotCRP" in nothing.get_data(as_text=True)
    forged = client.post(url, data={"token": "forged"})
    assert forged.status_code == 400 and "not valid" in forged.get_data(as_text=True)
    not_pdf = _zip([PAPER], {"paper7.pdf": b"GIF89a not a paper"})
    page = client.post(url, data={"upload": (io.BytesIO(not_pdf), "p.zip")}, content_type="multipart/form-data")
    token = re.search(r'name="token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    applied = client.post(url, data={"token": token})
    assert applied.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0


def test_a_preview_is_bound_to_its_event_and_organizer(login_as):
    event, organizer, _pc = _event_with_pc()
    other = f.make_event(organizer=organizer)
    f.get_type(other)
    db.session.commit()
    client = login_as(organizer)
    upload = json.dumps([{**PAPER, "topics": [], "submission": None}]).encode()
    page = client.post(f"/{event.slug}/manage/import/hotcrp", data={"upload": (io.BytesIO(upload), "p.json")},
                       content_type="multipart/form-data").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert client.post(f"/{other.slug}/manage/import/hotcrp", data={"token": token}).status_code == 400


def test_cli_previews_then_applies(app, tmp_path):
    event, _organizer, _pc = _event_with_pc()
    good = tmp_path / "papers.json"
    good.write_text(json.dumps([{**PAPER, "submission": None}]))
    runner = app.test_cli_runner()
    preview = runner.invoke(args=["import-hotcrp", event.slug, str(good)])
    assert preview.exit_code == 0 and "1 submissions would be imported" in preview.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0
    applied = runner.invoke(args=["import-hotcrp", event.slug, str(good), "--apply"])
    assert applied.exit_code == 0, applied.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{**PAPER, "authors": []}]))
    refused = runner.invoke(args=["import-hotcrp", event.slug, str(bad), "--apply"])
    assert refused.exit_code != 0 and "there are no authors" in refused.output
