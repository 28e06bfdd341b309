"""A released schedule without the works that left it since (pure: snapshot in, snapshot out).

A release is frozen, but a work withdrawn after it, or whose decision changed from accept,
must leave every public page at once: its slot stays in the day (the time is still taken)
and shows as cancelled until the organizers release a new version.
"""

from __future__ import annotations

from dataclasses import replace

from reviewhub.program.snapshot import SlotInfo, Snapshot, TalkInfo

CANCELLED = "Cancelled"


def _presenter_ids(talks) -> set[int]:
    return {p.speaker_id for t in talks for p in t.presenters if p.speaker_id}


def _without(slot: SlotInfo, gone: frozenset[int]) -> SlotInfo:
    removed: list[TalkInfo] = [t for t in slot.talks if t.submission_id in gone]
    if not removed:
        return slot
    posters = tuple(p for p in slot.posters if p.submission_id not in gone)
    kept = ((slot.talk,) if slot.talk and slot.talk.submission_id not in gone else ()) + posters
    # The removed works' presenters leave the slot unless they present something still in it.
    leaving = _presenter_ids(removed) - _presenter_ids(kept)
    speakers = tuple(s for s in slot.speaker_ids if s not in leaving)
    if slot.talk is not None and slot.talk.submission_id in gone:
        # The slot's own title may be the work's title: the cancelled slot says nothing of it.
        return replace(slot, talk=None, posters=posters, speaker_ids=speakers, title=CANCELLED)
    return replace(slot, posters=posters, speaker_ids=speakers)


def without_works(snapshot: Snapshot, gone) -> Snapshot:
    """The snapshot with the works in `gone` taken out: a slot whose talk was one of them
    is cancelled, posters of them leave their session, and presenters who presented nothing
    else lose their public page. Unchanged (the same object) when nothing is gone."""
    gone = frozenset(gone)
    if not gone or not any(t.submission_id in gone for s in snapshot.slots for t in s.talks):
        return snapshot
    slots = tuple(_without(s, gone) for s in snapshot.slots)
    named = {i for s in slots for i in s.speaker_ids} | _presenter_ids(t for s in slots for t in s.talks)
    speakers = tuple(p for p in snapshot.speakers if p.id in named or set(p.kinds) - {"presenter"})
    return replace(snapshot, slots=slots, speakers=speakers)


def is_cancelled(slot: SlotInfo) -> bool:
    return slot.title == CANCELLED and slot.talk is None
