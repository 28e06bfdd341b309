"""Schedule warnings for the editor and the changelog between releases."""

from dataclasses import replace
from datetime import timedelta

import pytest

from reviewhub.program.checks import (
    Change,
    SubmissionStatus,
    changelog,
    schedule_warnings,
    speakers_to_notify,
    submissions_to_notify,
)
from reviewhub.program.snapshot import Presenter
from tests.program.test_snapshot import make_talk, sample_snapshot, seed_snapshot

HOUR = timedelta(hours=1)
OK = [SubmissionStatus(7, "Talk", accepted=True, confirmed=True),
      SubmissionStatus(11, "Poster one", accepted=True, confirmed=True),
      SubmissionStatus(12, "Poster two", accepted=True, confirmed=True)]


def kinds(warnings) -> list[str]:
    return sorted(w.kind for w in warnings)


def edit(snap, slot_id, **changes):
    """The snapshot with one slot changed."""
    return replace(snap, slots=tuple(replace(s, **changes) if s.id == slot_id else s
                                     for s in snap.slots))


def test_clean_seed_day_and_clean_sample_have_no_warnings():
    assert schedule_warnings(seed_snapshot().slots, []) == []
    snap = sample_snapshot()
    assert schedule_warnings(snap.slots, OK, snap.speakers) == []


def test_slot_ending_before_it_starts_is_flagged():
    snap = seed_snapshot()
    slot = snap.slot(3)
    bad = edit(snap, 3, end=slot.start)
    (warning,) = schedule_warnings(bad.slots, [])
    assert (warning.kind, warning.slot_ids) == ("bad_time", (3,))


def test_overlap_in_same_room_is_flagged_but_not_in_different_rooms():
    snap = seed_snapshot()
    late = edit(snap, 2, end=snap.slot(2).end + timedelta(minutes=10))
    (warning,) = schedule_warnings(late.slots, [])
    assert (warning.kind, warning.slot_ids) == ("room_overlap", (2, 3))
    apart = edit(late, 3, room="Room B")
    assert schedule_warnings(apart.slots, []) == []


def test_speaker_in_two_places_at_once_is_flagged():
    snap = sample_snapshot()  # Anna gives Invited Talk 1 (slot 2) and presents talk 7 (slot 6)
    clash = edit(edit(snap, 6, room="Room B"), 6, start=snap.slot(2).start, end=snap.slot(2).end)
    warnings = schedule_warnings(clash.slots, OK, snap.speakers)
    assert "person_clash" in kinds(warnings)
    (clash_warning,) = [w for w in warnings if w.kind == "person_clash"]
    assert "Anna Huang" in clash_warning.message and set(clash_warning.slot_ids) == {2, 6}


def test_presenter_without_speaker_page_is_matched_by_name():
    snap = sample_snapshot()
    poster_slot = next(s for s in snap.slots if s.posters)
    talk = make_talk(20, "Lunch talk", presenters=(Presenter("bob builder", "mit"),))
    other = replace(snap.slot(16), start=poster_slot.start, end=poster_slot.end, room="B", talk=talk)
    snap = replace(snap, slots=tuple(s for s in snap.slots if s.id != 16) + (other,))
    statuses = OK + [SubmissionStatus(20, "Lunch talk", True, confirmed=True)]
    assert kinds(schedule_warnings(snap.slots, statuses)) == ["person_clash"]


@pytest.mark.parametrize(("status", "kind"), [
    (SubmissionStatus(7, "Talk", accepted=True, withdrawn=True), "withdrawn"),
    (SubmissionStatus(7, "Talk", accepted=False), "not_accepted"),
    (SubmissionStatus(7, "Talk", accepted=True, confirmed=False), "unconfirmed"),
    (None, "not_accepted"),
])
def test_scheduled_talk_must_be_accepted_confirmed_and_not_withdrawn(status, kind):
    statuses = OK[1:] + ([status] if status else [])
    warnings = schedule_warnings(sample_snapshot().slots, statuses)
    assert [(w.kind, w.submission_id, w.slot_ids) for w in warnings] == [(kind, 7, (6,))]


def test_accepted_work_left_unscheduled_and_work_scheduled_twice_are_flagged():
    snap = sample_snapshot()
    statuses = OK + [SubmissionStatus(30, "Forgotten", accepted=True),
                     SubmissionStatus(31, "Rejected", accepted=False),
                     SubmissionStatus(32, "Gone", accepted=True, withdrawn=True)]
    twice = edit(snap, 7, talk=snap.slot(6).talk)
    warnings = schedule_warnings(twice.slots, statuses)
    assert kinds(warnings) == ["scheduled_twice", "unscheduled"]
    assert {w.kind: w.submission_id for w in warnings} == {"scheduled_twice": 7, "unscheduled": 30}


# ---- changelog ------------------------------------------------------------------------------

def test_first_release_lists_everything_as_new_and_notifies_presenters():
    snap = sample_snapshot()
    changes = changelog(None, snap)
    assert {c.kind for c in changes} == {"new"}
    assert submissions_to_notify(changes) == (7, 11, 12)
    assert speakers_to_notify(changes) == (1,)


def test_unchanged_release_has_empty_changelog():
    assert changelog(sample_snapshot(), sample_snapshot(version=2)) == []


def test_changelog_detects_new_moved_cancelled_and_changed():
    old = sample_snapshot()
    new = edit(old, 6, start=old.slot(6).start + HOUR, end=old.slot(6).end + HOUR)  # talk 7 moved
    new = edit(new, 7, talk=make_talk(40, "Fresh talk"))  # placeholder now holds a talk
    new = edit(new, 10, posters=old.slot(10).posters[:1])  # poster 12 cancelled
    new = edit(new, 16, title="Round Tables")  # renamed only
    changes = {(c.kind, c.submission_id or c.slot_id): c for c in changelog(old, new)}
    assert set(changes) == {("moved", 7), ("new", 40), ("cancelled", 12), ("changed", 16)}
    moved = changes[("moved", 7)]
    assert moved.new_start - moved.old_start == HOUR and "start" in moved.fields
    assert changes[("changed", 16)].fields == ("title",)
    assert submissions_to_notify(changes.values()) == (7, 40)
    assert speakers_to_notify(changes.values()) == (1,)


def test_room_change_is_a_move_and_talk_leaving_a_slot_is_cancelled():
    old = sample_snapshot()
    new = edit(edit(old, 2, room="Hall B"), 6, talk=None)
    changes = changelog(old, new)
    assert [(c.kind, c.slot_id, c.submission_id) for c in changes] == [
        ("moved", 2, None), ("cancelled", 6, 7)]
    assert (changes[0].old_room, changes[0].new_room) == ("", "Hall B")


def test_change_round_trips_through_json():
    for change in changelog(None, sample_snapshot()) + changelog(sample_snapshot(), seed_snapshot()):
        assert Change.from_dict(change.to_dict()) == change
