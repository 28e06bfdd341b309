"""Point 6: a work withdrawn, or no longer accepted, after the schedule's release leaves every
public page and feed at once; its slot shows as cancelled and the organizers are told."""

from datetime import UTC, date, datetime

import icalendar
import pytest

from reviewhub.decisions import services as decisions
from reviewhub.extensions import db
from reviewhub.program import sitegen
from reviewhub.program.retract import CANCELLED, without_works
from reviewhub.program.snapshot import (
    EventInfo,
    Presenter,
    SlotInfo,
    Snapshot,
    SpeakerInfo,
    TalkInfo,
)
from reviewhub.submissions import services as submissions
from tests.program.helpers import outcome, slot_titled
from tests.program.test_public import _released
from tests.test_pagecache import cached_app  # noqa: F401  (the fixture, with the real Redis)

GONE_TITLE, GONE_AUTHOR = "Talk 0", "Author 0"


def _withdraw(data):
    submissions.withdraw(data["works"][0], by=data["works"][0].authors[0].user)


def _reject(data):
    decisions.decide(data["works"][0], outcome(data["event"], "reject"), by=data["org"])


CHANGES = {"withdrawn": _withdraw, "rejected after release": _reject}


def _feeds(slug: str, slot_id: int) -> list[str]:
    return [f"/{slug}/", f"/{slug}/program/", f"/{slug}/program/talks/{slot_id}", f"/{slug}/program/accepted",
            f"/{slug}/program/schedule.ics", f"/{slug}/program/talks/{slot_id}.ics",
            f"/{slug}/program/schedule.xml", f"/{slug}/program/schedule.json", f"/{slug}/program/program.csv",
            f"/{slug}/program/accepted.bib"]


@pytest.mark.parametrize("change", CHANGES)
def test_the_work_leaves_every_public_page_and_feed_at_once(app, client, change):
    data = _released()
    slug, slot = data["event"].slug, slot_titled(data["event"], "CT 0")
    paths = _feeds(slug, slot.id)
    before = {p: client.get(p) for p in paths}
    for path, response in before.items():
        assert response.status_code == 200 and GONE_TITLE in response.get_data(as_text=True), path
    CHANGES[change](data)
    db.session.commit()
    for path in paths:
        old = before[path].headers
        validators = {"If-None-Match": old["ETag"], "If-Modified-Since": old.get("Last-Modified", "")}
        response = client.get(path, headers={k: v for k, v in validators.items() if v})
        assert response.status_code == 200, f"{path}: a stale copy was still fresh"
        text = response.get_data(as_text=True)
        assert GONE_TITLE not in text and GONE_AUTHOR not in text, f"{path} still shows the work"
        assert "Talk 1" in text or path.endswith(f"{slot.id}") or path.endswith(f"{slot.id}.ics"), path
    assert CANCELLED in client.get(f"/{slug}/program/").get_data(as_text=True)
    assert CANCELLED in client.get(f"/{slug}/program/talks/{slot.id}").get_data(as_text=True)
    calendar = icalendar.Calendar.from_ical(client.get(f"/{slug}/program/schedule.ics").data)
    [cancelled] = [e for e in calendar.walk("VEVENT") if str(e["status"] if "status" in e else "") == "CANCELLED"]
    assert str(cancelled["summary"]) == CANCELLED


@pytest.mark.parametrize("change", CHANGES)
def test_the_static_exports_leave_the_work_out(app, tmp_path, change):
    data = _released()
    CHANGES[change](data)
    db.session.commit()
    with app.test_request_context():
        files = sitegen.export_html(data["event"], tmp_path / "html")
        files += sitegen.export_jekyll(data["event"], tmp_path / "jekyll")
    texts = [p.read_text(encoding="utf-8", errors="ignore") for p in files if p.suffix in (".html", ".md", ".ics", ".csv", ".json", ".xml", ".bib")]
    assert texts and any("Talk 1" in t for t in texts)
    assert not [t for t in texts if GONE_TITLE in t or GONE_AUTHOR in t]


def test_organizers_are_told_to_release_a_new_version(app, client, login_as):
    data = _released()
    slug = data["event"].slug
    organizer = login_as(data["org"])
    assert "data-retracted" not in organizer.get(f"/{slug}/program/manage/schedule").get_data(as_text=True)
    _withdraw(data)
    db.session.commit()
    for path in (f"/{slug}/program/manage/schedule", f"/{slug}/program/"):
        assert 'data-retracted="1"' in organizer.get(path).get_data(as_text=True), path
    assert "data-retracted" not in client.get(f"/{slug}/program/").get_data(as_text=True)


def test_a_stored_public_page_is_dropped_when_a_released_decision_changes(cached_app):  # noqa: F811
    data = _released()
    client, path = cached_app.test_client(), f"/{data['event'].slug}/program/accepted"
    client.get(path)
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    _reject(data)
    db.session.commit()
    response = client.get(path)
    assert response.headers["X-Page-Cache"] == "miss" and GONE_TITLE not in response.get_data(as_text=True)


def _snapshot() -> Snapshot:
    at = datetime(2024, 12, 14, 9, tzinfo=UTC)
    event = EventInfo("ws", "Workshop", "WS", "", "", "UTC", "", "", date(2024, 12, 14))
    talk = TalkInfo(1, 1, "Gone work", presenters=(Presenter("Pia", speaker_id=10),))
    kept = TalkInfo(2, 2, "Kept poster", presenters=(Presenter("Kim", speaker_id=11),))
    gone_poster = TalkInfo(3, 3, "Gone poster", presenters=(Presenter("Pia", speaker_id=10),))
    slots = (SlotInfo(1, at, at.replace(hour=10), "contributed_talk", "Gone work", speaker_ids=(10,), talk=talk),
             SlotInfo(2, at.replace(hour=11), at.replace(hour=12), "poster_session", "Posters",
                      posters=(kept, gone_poster)),
             SlotInfo(3, at.replace(hour=13), at.replace(hour=14), "invited_talk", "Keynote", speaker_ids=(12,)))
    speakers = (SpeakerInfo(10, "Pia", kinds=("presenter",)), SpeakerInfo(11, "Kim", kinds=("presenter",)),
                SpeakerInfo(12, "Kay", kinds=("keynote",)))
    return Snapshot(1, at, "", event, slots, speakers)


def test_without_works_cancels_the_slot_and_drops_only_what_went():
    snapshot = _snapshot()
    assert without_works(snapshot, set()) is snapshot and without_works(snapshot, {99}) is snapshot
    live = without_works(snapshot, {1, 3})
    first, posters, keynote = live.slots
    assert first.title == CANCELLED and first.talk is None and first.speaker_ids == ()
    assert [p.title for p in posters.posters] == ["Kept poster"] and keynote == snapshot.slots[2]
    assert sorted(live.speakers_by_id) == [11, 12]  # the presenter of only gone works has no page
    assert "Gone" not in live.to_json()
