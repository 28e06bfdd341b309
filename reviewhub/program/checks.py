"""Schedule warnings for the editor and the changelog between two releases (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reviewhub.program.snapshot import SlotInfo, Snapshot, SpeakerInfo, TalkInfo

WARNING_KINDS = ("bad_time", "room_overlap", "person_clash", "withdrawn", "not_accepted",
                 "unconfirmed", "scheduled_twice", "unscheduled")
CHANGE_KINDS = ("new", "moved", "cancelled", "changed")


@dataclass(frozen=True)
class SubmissionStatus:
    """What the editor needs to know about a submission; the app fills it from the DB."""

    submission_id: int
    title: str
    accepted: bool
    withdrawn: bool = False
    confirmed: bool = False


@dataclass(frozen=True)
class ScheduleWarning:
    """A problem the editor should see before releasing; never blocks by itself."""

    kind: str
    message: str
    slot_ids: tuple[int, ...] = ()
    submission_id: int | None = None


def _overlap(a: SlotInfo, b: SlotInfo) -> bool:
    """Half-open intervals: back-to-back slots (9:00-9:15, 9:15-9:45) do not overlap."""
    return a.start < b.end and b.start < a.end


def _overlapping_pairs(slots: Sequence[SlotInfo]) -> list[tuple[SlotInfo, SlotInfo]]:
    """Sweep over slots sorted by start, so a big conference does not cost n squared."""
    ordered = sorted((s for s in slots if s.end > s.start), key=lambda s: (s.start, s.id))
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start >= a.end:
                break
            pairs.append((a, b))
    return pairs


def _people(slot: SlotInfo, names: dict[int, str]) -> dict[str, str]:
    """Everyone who must be in this slot, keyed by speaker id or by name and affiliation."""
    people = {f"speaker:{i}": names.get(i, f"speaker #{i}") for i in slot.speaker_ids}
    for talk in slot.talks:
        for p in talk.presenters:
            key = (f"speaker:{p.speaker_id}" if p.speaker_id
                   else f"name:{p.name.casefold().strip()}|{p.affiliation.casefold().strip()}")
            people[key] = names.get(p.speaker_id, p.name) if p.speaker_id else p.name
    return people


def _time_warnings(slots: Sequence[SlotInfo], names: dict[int, str]) -> list[ScheduleWarning]:
    """Bad times, two slots in one room at once, one person in two places at once."""
    out = [ScheduleWarning("bad_time", f"“{s.title}” ends before it starts.", (s.id,))
           for s in slots if s.end <= s.start]
    for a, b in _overlapping_pairs(slots):
        ids = (a.id, b.id)
        if a.room.strip().casefold() == b.room.strip().casefold():
            where = f" in {a.room}" if a.room else ""
            out.append(ScheduleWarning("room_overlap", f"“{a.title}” and “{b.title}” overlap{where}.", ids))
        pa, pb = _people(a, names), _people(b, names)
        for key in sorted(pa.keys() & pb.keys()):
            out.append(ScheduleWarning(
                "person_clash", f"{pa[key]} is in “{a.title}” and “{b.title}” at the same time.", ids))
    return out


def _talk_warning(slot: SlotInfo, talk: TalkInfo,
                  status: SubmissionStatus | None) -> ScheduleWarning | None:
    """A scheduled talk must be accepted, not withdrawn, and confirmed by its presenters."""
    sid, ids = talk.submission_id, (slot.id,)
    if status is None or (not status.accepted and not status.withdrawn):
        return ScheduleWarning("not_accepted", f"“{talk.title}” is not accepted.", ids, sid)
    if status.withdrawn:
        return ScheduleWarning("withdrawn", f"“{talk.title}” was withdrawn.", ids, sid)
    if not status.confirmed:
        return ScheduleWarning("unconfirmed", f"“{talk.title}” is not confirmed by its presenters.", ids, sid)
    return None


def _submission_warnings(slots: Sequence[SlotInfo],
                         submissions: Iterable[SubmissionStatus]) -> list[ScheduleWarning]:
    """Talks that should not be there, talks placed twice, accepted work placed nowhere."""
    statuses = {s.submission_id: s for s in submissions}
    placed: dict[int, list[int]] = {}
    out = []
    for slot in slots:
        for talk in slot.talks:
            placed.setdefault(talk.submission_id, []).append(slot.id)
            warning = _talk_warning(slot, talk, statuses.get(talk.submission_id))
            out += [warning] if warning else []
    for sid, slot_ids in placed.items():
        if len(slot_ids) > 1:
            title = statuses[sid].title if sid in statuses else f"#{sid}"
            out.append(ScheduleWarning("scheduled_twice", f"“{title}” is scheduled more than once.",
                                       tuple(slot_ids), sid))
    for s in sorted(statuses.values(), key=lambda s: s.submission_id):
        if s.accepted and not s.withdrawn and s.submission_id not in placed:
            out.append(ScheduleWarning("unscheduled", f"“{s.title}” is accepted but not scheduled.",
                                       (), s.submission_id))
    return out


def schedule_warnings(slots: Sequence[SlotInfo], submissions: Iterable[SubmissionStatus],
                      speakers: Iterable[SpeakerInfo] = ()) -> list[ScheduleWarning]:
    """Every warning for a draft schedule; `speakers` only supplies names for the messages."""
    names = {s.id: s.name for s in speakers}
    return _time_warnings(slots, names) + _submission_warnings(slots, submissions)


# ---- changelog between releases -------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One line of a release's changelog; `notify` says the presenters must be told."""

    kind: str
    slot_id: int
    title: str
    old_start: datetime | None = None
    new_start: datetime | None = None
    old_end: datetime | None = None
    new_end: datetime | None = None
    old_room: str | None = None
    new_room: str | None = None
    submission_id: int | None = None
    fields: tuple[str, ...] = ()
    speaker_ids: tuple[int, ...] = ()
    presenters: tuple[str, ...] = ()

    @property
    def notify(self) -> bool:
        """New and moved slots affect where people must be; other changes do not."""
        return self.kind in ("new", "moved")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (ScheduleRelease.changelog); datetimes as ISO strings with offset."""
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in ("old_start", "new_start", "old_end", "new_end"):
            data[name] = data[name].isoformat() if data[name] else None
        return {**data, "fields": list(self.fields), "speaker_ids": list(self.speaker_ids),
                "presenters": list(self.presenters)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        """Inverse of to_dict."""
        times = {n: datetime.fromisoformat(data[n]) if data[n] else None
                 for n in ("old_start", "new_start", "old_end", "new_end")}
        return cls(**{**data, **times, "fields": tuple(data["fields"]),
                      "speaker_ids": tuple(data["speaker_ids"]),
                      "presenters": tuple(data["presenters"])})


Item = tuple[SlotInfo, TalkInfo | None]
_MOVE_FIELDS = ("start", "end", "room")


def _items(snapshot: Snapshot | None) -> dict[tuple[str, int], Item]:
    """A talk or poster is followed by submission id (it may change slot); other slots by id."""
    items: dict[tuple[str, int], Item] = {}
    for slot in snapshot.slots if snapshot else ():
        if slot.talk is None:
            items[("slot", slot.id)] = (slot, None)
        for talk in slot.talks:
            items[("talk", talk.submission_id)] = (slot, talk)
    return items


def _signature(item: Item) -> dict[str, object]:
    """The values whose change is worth a changelog line."""
    slot, talk = item
    return {"start": slot.start, "end": slot.end, "room": slot.room, "kind": slot.kind,
            "title": talk.title if talk else slot.title, "speakers": slot.speaker_ids,
            "presenters": tuple(p.name for p in talk.presenters) if talk else (),
            "board": talk.board_number if talk else None}


def _change(kind: str, old: Item | None, new: Item | None, fields: tuple[str, ...] = ()) -> Change:
    """Build a Change from the old and/or new placement of an item."""
    slot, talk = new or old  # type: ignore[misc]
    ids = set(slot.speaker_ids) | {p.speaker_id for p in (talk.presenters if talk else ())
                                   if p.speaker_id}
    return Change(
        kind=kind, slot_id=slot.id, title=talk.title if talk else slot.title,
        old_start=old[0].start if old else None, new_start=new[0].start if new else None,
        old_end=old[0].end if old else None, new_end=new[0].end if new else None,
        old_room=old[0].room if old else None, new_room=new[0].room if new else None,
        submission_id=talk.submission_id if talk else None, fields=fields,
        speaker_ids=tuple(sorted(ids)),
        presenters=tuple(p.name for p in talk.presenters) if talk else ())


def changelog(previous: Snapshot | None, current: Snapshot) -> list[Change]:
    """What changed since the previous release (everything is new in the first one)."""
    before, after = _items(previous), _items(current)
    old_slot_ids = {s.id for s in previous.slots} if previous else set()
    new_slot_ids = {s.id for s in current.slots}
    changes = []
    for key, old in before.items():
        if key not in after and not (key[0] == "slot" and key[1] in new_slot_ids):
            changes.append(_change("cancelled", old, None))
    for key, new in after.items():
        if key not in before:
            if not (key[0] == "slot" and key[1] in old_slot_ids):  # a placeholder lost its talk
                changes.append(_change("new", None, new))
            continue
        a, b = _signature(before[key]), _signature(new)
        fields = tuple(name for name in a if a[name] != b[name])
        if fields:
            moved = any(name in _MOVE_FIELDS for name in fields)
            changes.append(_change("moved" if moved else "changed", before[key], new, fields))
    return sorted(changes, key=lambda c: (c.new_start or c.old_start, c.slot_id, c.title))


def submissions_to_notify(changes: Iterable[Change]) -> tuple[int, ...]:
    """Submissions whose contact authors must hear about a new or moved talk or poster."""
    return tuple(sorted({c.submission_id for c in changes if c.notify and c.submission_id}))


def speakers_to_notify(changes: Iterable[Change]) -> tuple[int, ...]:
    """Speakers (keynotes, panelists, presenters with a page) in new or moved slots."""
    return tuple(sorted({i for c in changes if c.notify for i in c.speaker_ids}))
