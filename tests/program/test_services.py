"""Program services: speakers, slots, posters, releases (immutable, changelog, mail), demo."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.demo import seed_event as seed
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.program import build, queries, services
from reviewhub.program.editor_state import editor_state
from reviewhub.program.models import ScheduleRelease, ScheduleSlot
from reviewhub.program.public import released_schedule_rows, released_snapshot
from tests import factories as f
from tests.program.helpers import PNG, decide, program_event, slot_titled


@pytest.fixture
def world(app):
    org = f.make_user(name="Olga Org")
    author = f.make_user(name="Ada Author", email="ada@uni.example")
    event = program_event(org)
    talk = decide(f.make_submission(event, author=author, title="Talk paper"), "accept_talk")
    poster = decide(f.make_submission(event, author=author, title="Poster paper"), "accept_poster")
    rejected = decide(f.make_submission(event, author=author, title="Rejected paper"), "reject")
    db.session.commit()
    return event, org, talk, poster, rejected


def test_seed_day_builds_sixteen_slots_from_seed_event_once(world):
    event, org, *_ = world
    slots = queries.list_slots(event)
    assert [s.title for s in slots] == [row[3] for row in seed.DAY]
    with pytest.raises(DomainError, match="already has slots"):
        services.start_from_seed_day(event, by=org)


def test_talk_only_in_contributed_slot_and_only_if_accepted(world):
    event, org, talk, poster, rejected = world
    intro, ct1 = slot_titled(event, "Intro"), slot_titled(event, "Contributed Talk 1")
    common = dict(by=org, room="", speaker_ids=())
    with pytest.raises(DomainError, match="contributed-talk"):
        services.save_slot(event, intro, kind="intro", start_at=intro.start_at, end_at=intro.end_at,
                           title="Intro", submission_id=talk.id, **common)
    with pytest.raises(DomainError, match="accepted"):
        services.save_slot(event, ct1, kind="contributed_talk", start_at=ct1.start_at,
                           end_at=ct1.end_at, title="CT", submission_id=rejected.id, **common)
    with pytest.raises(DomainError, match="end after"):
        services.save_slot(event, ct1, kind="contributed_talk", start_at=ct1.end_at,
                           end_at=ct1.start_at, title="CT", **common)
    services.save_slot(event, ct1, kind="contributed_talk", start_at=ct1.start_at,
                       end_at=ct1.end_at, title="CT", submission_id=talk.id, **common)
    assert ct1.submission_id == talk.id


def test_poster_boards_are_unique_per_session(world):
    event, org, talk, poster, _ = world
    session = slot_titled(event, "Lunch Break & Poster Session")
    services.place_poster(event, session, by=org, submission_id=poster.id, board_number=3)
    with pytest.raises(DomainError, match="taken"):
        services.place_poster(event, session, by=org, submission_id=talk.id, board_number=3)
    with pytest.raises(DomainError, match="poster-session"):
        services.place_poster(event, slot_titled(event, "Intro"), by=org, submission_id=talk.id,
                              board_number=4)


def test_warnings_cover_overlap_clash_unscheduled_unconfirmed_withdrawn(world):
    event, org, talk, poster, _ = world
    keynote = services.create_speaker(event, by=org, name="Kay", kind="keynote")
    ct1, ct2 = slot_titled(event, "Contributed Talk 1"), slot_titled(event, "Contributed Talk 2")
    ct1.submission_id, ct2.submission_id = talk.id, poster.id
    ct1.speakers = [keynote]
    services.save_slot(event, None, by=org, kind="other", title="Clash", start_at=ct1.start_at,
                       end_at=ct1.end_at, speaker_ids=[keynote.id])
    unconfirmed = decide(f.make_submission(event, title="Unconfirmed"), confirmed=False)
    ct3 = slot_titled(event, "Contributed Talk 3")
    ct3.submission_id = unconfirmed.id
    poster.status = "withdrawn"
    extra = decide(f.make_submission(event, title="Left out"))
    db.session.flush()
    kinds = {w.kind for w in editor_state(event).warnings}
    assert {"room_overlap", "person_clash", "unconfirmed", "withdrawn", "unscheduled"} <= kinds
    assert any(w.submission_id == extra.id and w.kind == "unscheduled" for w in editor_state(event).warnings)


def test_release_is_immutable_numbered_and_hides_draft_changes(world):
    event, org, talk, *_ = world
    ct1 = slot_titled(event, "Contributed Talk 1")
    ct1.submission_id = talk.id
    first = services.release_schedule(event, by=org, comment="v1")
    frozen = dict(first.snapshot)
    ct1.start_at += timedelta(hours=1)  # the draft changes after the release
    ct1.end_at += timedelta(hours=1)
    db.session.flush()
    assert first.snapshot == frozen
    rows = released_schedule_rows(event).rows
    assert next(r for r in rows if r.slot_id == ct1.id).time == "11:00-11:15"
    second = services.release_schedule(event, by=org)
    assert (first.version, second.version) == (1, 2)
    assert [c["kind"] for c in second.changelog] == ["moved"]


def test_release_mails_presenters_of_new_and_moved_talks_once(world, outbox):
    event, org, talk, *_ = world
    slot_titled(event, "Contributed Talk 1").submission_id = talk.id
    services.release_schedule(event, by=org)
    mails = [m for m in outbox() if m.kind == "program/schedule_changed"]
    assert [m.to_email for m in mails] == ["ada@uni.example"]
    assert "Talk paper" in mails[0].body_text and "11:00" in mails[0].body_text
    services.release_schedule(event, by=org)  # nothing changed: nobody is told again
    assert len([m for m in outbox() if m.kind == "program/schedule_changed"]) == 1


def test_withdrawn_talk_stays_until_next_release_then_is_cancelled(world):
    event, org, talk, *_ = world
    slot_titled(event, "Contributed Talk 1").submission_id = talk.id
    first = services.release_schedule(event, by=org)
    talk.status = "withdrawn"
    db.session.flush()
    assert released_snapshot(first).slot(slot_titled(event, "Contributed Talk 1").id).talk
    second = services.release_schedule(event, by=org)
    assert [c["kind"] for c in second.changelog] == ["cancelled"]
    assert not any(s.talk for s in released_snapshot(second).slots)


def test_unreleased_decision_and_rejected_work_never_enter_a_release(world):
    event, org, talk, poster, rejected = world
    pending = decide(f.make_submission(event, title="Pending decision"), released=False)
    slot_titled(event, "Contributed Talk 1").submission_id = pending.id
    session = slot_titled(event, "Lunch Break & Poster Session")
    services.place_poster(event, session, by=org, submission_id=poster.id, board_number=1)
    assert any(w.kind == "unreleased" for w in editor_state(event).warnings)
    snap = released_snapshot(services.release_schedule(event, by=org))
    titles = {t.title for s in snap.slots for t in s.talks}
    assert titles == {"Poster paper"}


def test_speaker_photo_checked_by_magic_bytes_and_email_kept_private(world):
    event, org, *_ = world
    with pytest.raises(DomainError, match="PNG, JPEG or WebP"):
        services.create_speaker(event, by=org, name="X", kind="keynote", photo=b"GIF89a....")
    person = services.create_speaker(event, by=org, name="Kay", kind="keynote", photo=PNG,
                                     email="kay@private.example")
    assert person.photo_key.endswith(".png")
    assert "kay@private.example" not in str(build.speaker_info(event.slug, person))
    with pytest.raises(DomainError, match="http"):
        services.update_speaker(event, person, by=org, name="Kay", kind="keynote",
                                link="javascript:alert(1)")


def test_presenter_page_only_for_confirmed_accepted_work(world):
    event, org, talk, *_ = world
    person = services.add_presenter(event, queries.get_accepted(event, talk.id), by=org)
    assert (person.kind, person.submission_id, person.name) == ("presenter", talk.id, "Ada Author")
    with pytest.raises(DomainError, match="already"):
        services.add_presenter(event, queries.get_accepted(event, talk.id), by=org)
    unconfirmed = decide(f.make_submission(event), confirmed=False)
    with pytest.raises(DomainError, match="confirmed"):
        services.add_presenter(event, queries.get_accepted(event, unconfirmed.id), by=org)


def test_hidden_program_gives_no_event_page_rows(world):
    event, org, *_ = world
    services.release_schedule(event, by=org)
    assert released_schedule_rows(event).zone_label == "AoE (UTC-12)"
    services.set_program_public(event, False, by=org)
    assert released_schedule_rows(event) is None


def test_demo_populate_is_idempotent_and_releases_the_planned_day_then_the_program(world):
    from reviewhub.demo import seed_event as seed
    from reviewhub.program import demo

    event, org, talk, poster, _ = world
    services.create_speaker(event, by=org, name="Kay", kind="keynote")
    demo.populate(event, "decided")
    demo.populate(event, "decided")
    planned = released_snapshot(queries.latest_release(event))  # the seed page's tentative day
    assert planned.version == 1 and planned.note == seed.SCHEDULE_NOTE
    assert not any(s.talk for s in planned.slots)
    demo.populate(event, "program")
    demo.populate(event, "program")
    releases = db.session.scalars(sa.select(ScheduleRelease).where(ScheduleRelease.event_id == event.id)
                                  .order_by(ScheduleRelease.version)).all()
    assert [r.version for r in releases] == [1, 2]
    releases = releases[1:]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleSlot)
                             .where(ScheduleSlot.event_id == event.id)) == 16
    snap = released_snapshot(releases[0])
    assert snap.slot(slot_titled(event, "Contributed Talk 1").id).talk.title == "Talk paper"
    assert [p.board_number for p in snap.slot(slot_titled(event, "Lunch Break & Poster Session").id).posters] == [1]
    assert snap.slot(slot_titled(event, "Invited Talk 1").id).speaker_ids
