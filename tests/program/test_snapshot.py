"""Release snapshots: validation, exact JSON round trip, stable content hash; the seed day."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewhub.program.seed_day import seed_day_slots, seed_event, seed_keynotes, seed_organizers
from reviewhub.program.snapshot import (
    SLOT_KINDS,
    EventInfo,
    MediaItem,
    Presenter,
    SlotInfo,
    Snapshot,
    SpeakerInfo,
    TalkInfo,
)

DAY = date(2024, 12, 14)
RELEASED = datetime(2024, 12, 1, 12, 0, tzinfo=UTC)
# Speakers' private addresses as the DB holds them; no export may ever contain one.
SPEAKER_EMAILS = ("anna@deepmind.example", "hugo@umontreal.example", "=bob@evil.example")


def seed_snapshot(version: int = 1, tz: str = "Etc/GMT+12") -> Snapshot:
    """The seed page's day with nobody named yet, as the 'start from the seed day' action makes it."""
    slots = [SlotInfo(s.position, s.start, s.end, s.kind, s.title) for s in seed_day_slots(DAY, tz)]
    people = tuple(seed_keynotes() + seed_organizers())
    return Snapshot(version, RELEASED, "first release", seed_event(DAY, tz), tuple(slots), people)


def make_talk(sid: int, title: str, **kw: object) -> TalkInfo:
    """A talk with sensible defaults."""
    defaults: dict = {"number": sid, "abstract_md": f"Abstract of {title}.",
                      "presenters": (Presenter("Bob Builder", "MIT"),), "authors": "Bob Builder"}
    return TalkInfo(sid, title=title, **{**defaults, **kw})


def sample_snapshot(version: int = 1, tz: str = "Etc/GMT+12") -> Snapshot:
    """Seed day with a keynote, a contributed talk full of awkward characters, and two posters."""
    base = seed_snapshot(version, tz)
    tricky = make_talk(
        7, "=HYPERLINK(\"x\") {Deep} Learning & 100% _fun_ #1 $x^2$ ~ \\o/",
        presenters=(Presenter("Anna Huang", "Google DeepMind", 1), Presenter("-Bob <b>", "@MIT")),
        authors="Anna Huang, Bob Builder", author_list=("Anna Huang", "Bob {Builder}"),
        file_url="/neurips2024-genai-creativity/files/7.pdf",
        media=(MediaItem("image", "https://cdn.example.org/7.png", "A painting"),),
        topics=("+music", "art"))
    posters = (make_talk(11, "Poster one", board_number=3),
               make_talk(12, "Poster two", submission_type="creative", board_number=4))
    slots = []
    for slot in base.slots:
        if slot.title == "Invited Talk 1":
            slot = replace(slot, speaker_ids=(1,))
        elif slot.title == "Contributed Talk 1":
            slot = replace(slot, talk=tricky)
        elif slot.kind == "poster_session":
            slot = replace(slot, posters=posters)
        slots.append(slot)
    return replace(base, slots=tuple(slots))


def test_sample_round_trips_through_json_text():
    snap = sample_snapshot()
    data = json.loads(json.dumps(snap.to_dict()))
    assert Snapshot.from_dict(data) == snap
    assert Snapshot.from_dict(data).to_dict() == snap.to_dict()


def test_datetimes_serialise_as_iso_with_offset():
    data = sample_snapshot().to_dict()
    assert data["released_at"] == "2024-12-01T12:00:00+00:00"
    assert data["slots"][0]["start"] == "2024-12-14T21:00:00+00:00"  # 9:00 AoE


def test_content_hash_ignores_input_order_but_not_content():
    snap = sample_snapshot()
    shuffled = replace(snap, slots=tuple(reversed(snap.slots)), speakers=snap.speakers[::-1])
    assert shuffled.content_hash() == snap.content_hash()
    renamed = replace(snap, comment="second thoughts")
    assert renamed.content_hash() != snap.content_hash()


def test_non_utc_times_are_normalised_to_utc():
    berlin = timezone(timedelta(hours=1))
    slot = SlotInfo(1, datetime(2024, 12, 14, 9, tzinfo=berlin),
                    datetime(2024, 12, 14, 10, tzinfo=berlin), "intro", "Intro")
    assert slot.start == datetime(2024, 12, 14, 8, tzinfo=UTC)
    assert slot.start.tzinfo is UTC


@pytest.mark.parametrize("bad", [
    {"start": datetime(2024, 12, 14, 9)},
    {"kind": "lunch"},
    {"id": 0},
])
def test_invalid_slots_are_refused(bad):
    fields = {"id": 1, "start": RELEASED, "end": RELEASED, "kind": "intro", "title": "Intro", **bad}
    with pytest.raises(ValueError):
        SlotInfo(**fields)


@pytest.mark.parametrize("link", ["mailto:anna@deepmind.example", "anna@deepmind.example",
                                  "https://anna:pw@deepmind.example/", "javascript:alert(1)"])
def test_speaker_links_cannot_carry_an_email(link):
    with pytest.raises(ValueError):
        SpeakerInfo(1, "Anna", link=link)


def test_dangling_speaker_reference_is_refused():
    snap = seed_snapshot()
    with pytest.raises(ValueError, match="unknown speakers"):
        replace(snap, slots=(replace(snap.slots[1], speaker_ids=(999,)),))


def test_unknown_time_zone_and_format_are_refused():
    with pytest.raises(ValueError):
        replace(seed_event(DAY), timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="format"):
        Snapshot.from_dict({**seed_snapshot().to_dict(), "format": 99})


def test_seed_day_has_the_seed_pages_sixteen_slots():
    slots = seed_day_slots(DAY, "Etc/GMT+12")
    assert len(slots) == 16
    assert (slots[0].title, slots[0].start.hour, slots[0].end.minute) == ("Intro", 9, 15)
    assert (slots[-1].title, slots[-1].start.hour, slots[-1].end.hour) == (
        "Round Table Discussions", 17, 18)
    assert all(a.end == b.start for a, b in zip(slots, slots[1:], strict=False))
    assert all(s.kind in SLOT_KINDS and s.start.utcoffset() == timedelta(hours=-12) for s in slots)


# ---- property: any valid snapshot round-trips exactly --------------------------------------

text = st.text(max_size=20)
aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                     timezones=st.sampled_from([UTC, timezone(timedelta(hours=-12)),
                                                timezone(timedelta(hours=5, minutes=30))]))
urls = st.one_of(st.none(), st.sampled_from(["https://example.org/a", "/files/1.pdf"]))


@st.composite
def talks(draw, speaker_ids: list[int]) -> TalkInfo:
    presenters = draw(st.lists(st.builds(
        Presenter, text, text, st.one_of(st.none(), st.sampled_from(speaker_ids or [None]))),
        max_size=2))
    return TalkInfo(draw(st.integers(1, 10**6)), draw(st.one_of(st.none(), st.integers(1, 999))),
                    draw(text), draw(text), tuple(presenters), draw(text),
                    draw(st.sampled_from(["paper", "creative"])), draw(urls),
                    tuple(draw(st.lists(st.builds(MediaItem, text, st.just("https://x.org/m"),
                                                  text), max_size=1))),
                    draw(st.one_of(st.none(), st.integers(1, 300))),
                    tuple(draw(st.lists(text, max_size=2))), tuple(draw(st.lists(text, max_size=2))))


@st.composite
def snapshots(draw) -> Snapshot:
    ids = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=3))
    speakers = [SpeakerInfo(i, draw(text), draw(text), draw(text), draw(urls), draw(urls),
                            tuple(draw(st.lists(text, max_size=2))), draw(text)) for i in ids]
    slot_ids = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=4))
    slots = []
    for sid in slot_ids:
        start = draw(aware)
        slots.append(SlotInfo(
            sid, start, start + timedelta(minutes=draw(st.integers(-30, 600))),
            draw(st.sampled_from(SLOT_KINDS)), draw(text), draw(text),
            tuple(draw(st.lists(st.sampled_from(ids), max_size=2))) if ids else (),
            draw(st.one_of(st.none(), talks(ids))), tuple(draw(st.lists(talks(ids), max_size=2)))))
    event = EventInfo(draw(text), draw(text), draw(text), draw(text), draw(text),
                      draw(st.sampled_from(["Etc/GMT+12", "Europe/Berlin", "UTC"])), draw(text),
                      draw(text), draw(st.dates()), draw(text), "en")
    return Snapshot(draw(st.integers(1, 1000)), draw(aware), draw(text), event, tuple(slots),
                    tuple(speakers))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_any_snapshot_round_trips_exactly(snap):
    data = json.loads(snap.to_json())
    again = Snapshot.from_dict(data)
    assert again == snap
    assert again.to_json() == snap.to_json()
    assert again.content_hash() == snap.content_hash()
