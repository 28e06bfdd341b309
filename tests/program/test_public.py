"""Public program pages and feeds: latest release only, no leaks, caching, queries, accessibility."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import jsonschema
import pytest
import sqlalchemy as sa
from flask import url_for
from lxml import etree

from reviewhub.extensions import db
from reviewhub.program import build, services
from tests import factories as f
from tests.program.helpers import PNG, add_file, decide, program_event, slot_titled

SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas"
SECRET = "speaker-secret@private.example"


def _released(n_talks: int = 2, **event_fields):
    """A released program: talks, one poster, a rejected and a withdrawn work, a keynote."""
    org = f.make_user(name="Olga Org")
    event = program_event(org, **event_fields)
    keynote = services.create_speaker(event, by=org, name="Kay Note", kind="keynote", photo=PNG,
                                      email=SECRET, bio_md="Makes *music*.")
    slot_titled(event, "Invited Talk 1").speakers = [keynote]
    works = []
    for i in range(n_talks):
        author = f.make_user(name=f"Author {i}", email=f"author{i}@uni.example")
        sub = decide(f.make_submission(event, author=author, title=f"Talk {i}"), "accept_talk")
        add_file(sub)
        works.append(sub)
    for i, sub in enumerate(works):
        services.save_slot(event, None, by=org, kind="contributed_talk", title=f"CT {i}",
                           start_at=slot_titled(event, "Contributed Talk 1").start_at,
                           end_at=slot_titled(event, "Contributed Talk 1").end_at,
                           room=f"Room {i}", submission_id=sub.id)
    poster = decide(f.make_submission(event, title="Poster work", type_key="creative"), "accept_poster")
    image = add_file(poster, kind="image", purpose="media", data=PNG, content_type="image/png")
    services.place_poster(event, slot_titled(event, "Lunch Break & Poster Session"), by=org,
                          submission_id=poster.id, board_number=7)
    rejected = decide(f.make_submission(event, title="Rejected secret work"), "reject")
    pending = decide(f.make_submission(event, title="Pending secret work"), released=False)
    slot_titled(event, "Contributed Talk 2").submission_id = pending.id
    services.release_schedule(event, by=org)
    # After the release: a draft change that must not show, and a withdrawn work.
    services.save_slot(event, None, by=org, kind="other", title="Draft secret slot",
                       start_at=slot_titled(event, "Intro").start_at,
                       end_at=slot_titled(event, "Intro").end_at)
    db.session.commit()
    return {"event": event, "org": org, "works": works, "poster": poster, "image": image,
            "keynote": keynote, "rejected": rejected, "pending": pending}


def _public_paths(data) -> list[str]:
    event = data["event"]
    s = event.slug
    talk_slot = slot_titled(event, "CT 0")
    return [f"/{s}/", f"/{s}/program/", f"/{s}/program/talks/{talk_slot.id}",
            f"/{s}/program/speakers/{data['keynote'].id}", f"/{s}/program/accepted"]


def test_public_pages_show_release_not_draft_nor_secrets(app, client):
    data = _released()
    paths = _public_paths(data)
    s = data["event"].slug
    feeds = [f"/{s}/program/{p}" for p in ("schedule.ics", "schedule.xml", "schedule.json",
                                           "program.csv", "accepted.bib")]
    for path in paths + feeds:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        for secret in ("Draft secret slot", "Rejected secret work", "Pending secret work", SECRET):
            assert secret not in text, (path, secret)
    page = client.get(paths[1]).get_data(as_text=True)
    assert "Talk 0" in page and "AoE (UTC-12)" in page
    assert "Talk 1" in client.get(f"/{s}/").get_data(as_text=True)  # the event page's table
    accepted = client.get(paths[4]).get_data(as_text=True)
    assert "Author 0" in accepted and "Poster work" in accepted and "<img" in accepted


def test_hidden_program_is_404_for_public_and_placeholder_on_event_page(app, client, login_as):
    data = _released()
    event = data["event"]
    event.program_public = False
    db.session.commit()
    for path in _public_paths(data)[1:] + [f"/{event.slug}/program/schedule.ics"]:
        assert client.get(path).status_code == 404
        assert login_as(data["org"]).get(path).status_code == 200
    page = client.get(f"/{event.slug}/").get_data(as_text=True)
    assert "will be published here" in page and "Talk 0" not in page


def test_files_only_of_released_accepted_non_withdrawn_works(app, client):
    data = _released()
    s, work = data["event"].slug, data["works"][0]
    pdf = work.files[0]
    good = f"/{s}/program/works/{work.id}/files/{pdf.id}"
    response = client.get(good)
    assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response.headers["Content-Disposition"]
    other = add_file(data["rejected"])
    db.session.commit()
    assert client.get(f"/{s}/program/works/{data['rejected'].id}/files/{other.id}").status_code == 404
    assert client.get(f"/{s}/program/works/{work.id}/files/{other.id}").status_code == 404
    work.status = "withdrawn"
    db.session.commit()
    assert client.get(good).status_code == 404


def test_etag_and_last_modified_give_304(app, client):
    data = _released()
    for path in _public_paths(data)[1:] + [f"/{data['event'].slug}/program/schedule.json"]:
        first = client.get(path)
        etag = first.headers["ETag"]
        assert first.headers["Last-Modified"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        since = first.headers["Last-Modified"]
        assert client.get(path, headers={"If-Modified-Since": since}).status_code == 304
    services.release_schedule(data["event"], by=data["org"])
    db.session.commit()
    path = _public_paths(data)[1]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_frab_and_ical_views_validate(app, client):
    data = _released()
    s = data["event"].slug
    xsd_path, json_path = SCHEMAS / "frab-schedule.xsd", SCHEMAS / "frab-schedule.schema.json"
    if not xsd_path.is_file() or not json_path.is_file():
        pytest.fail(f"frab schemas not found in {SCHEMAS.resolve()}")
    xml = client.get(f"/{s}/program/schedule.xml").data
    etree.XMLSchema(etree.parse(str(xsd_path))).assertValid(etree.fromstring(xml))
    doc = json.loads(client.get(f"/{s}/program/schedule.json").data)
    jsonschema.Draft6Validator(json.loads(json_path.read_text())).validate(doc)
    cal = icalendar.Calendar.from_ical(client.get(f"/{s}/program/schedule.ics").data)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    slot = slot_titled(data["event"], "CT 0")
    one = icalendar.Calendar.from_ical(client.get(f"/{s}/program/talks/{slot.id}.ics").data)
    assert [str(e["UID"]) for e in one.walk("VEVENT")][0] in uids
    assert client.get(f"/{s}/program/talks/999999.ics").status_code == 404


def _count_queries(client, path) -> int:
    statements = []

    def listen(*args):
        statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    return len(statements)


def test_public_pages_use_a_constant_number_of_queries(app, client):
    small = _released(n_talks=1)
    small_counts = [_count_queries(client, p) for p in _public_paths(small)]
    db.session.remove()
    from tests.conftest import _empty_tables
    _empty_tables()
    big = _released(n_talks=12)
    big_counts = [_count_queries(client, p) for p in _public_paths(big)]
    assert small_counts == big_counts, (small_counts, big_counts)


class _A11y(HTMLParser):
    """Collects images without alt, controls without labels, and heading levels."""

    def __init__(self):
        super().__init__()
        self.problems, self.headings, self.labels, self.controls = [], [], set(), []
        self._in_label = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and not a.get("alt"):
            self.problems.append(f"img without alt: {a.get('src')}")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            if not (self._in_label or a.get("aria-label")):
                self.controls.append(a.get("id") or a.get("name"))

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1


def test_public_pages_are_accessible(app, client):
    data = _released()
    for path in _public_paths(data):
        parser = _A11y()
        parser.feed(client.get(path).get_data(as_text=True))
        unlabeled = [c for c in parser.controls if c not in parser.labels]
        skips = [(a, b) for a, b in zip(parser.headings, parser.headings[1:], strict=False) if b > a + 1]
        assert not parser.problems and not unlabeled and not skips, (path, parser.problems, unlabeled, skips)
        assert parser.headings and parser.headings[0] == 1, path


def test_file_path_matches_the_routes(app):
    with app.test_request_context():
        assert url_for("program.work_file", slug="e", submission_id=3, file_id=4) == build.file_path("e", 3, 4)
        assert url_for("program.speaker_photo", slug="e", speaker_id=5) == build.photo_path("e", 5)
