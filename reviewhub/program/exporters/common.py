"""Helpers shared by every export of a release: UIDs, time labels, people, table rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from reviewhub.program.snapshot import EventInfo, Presenter, SlotInfo, Snapshot, TalkInfo

SlotUrl = Callable[[SlotInfo], str]
# Kinds that show "TBD" in the speakers column while nobody is named, as on the seed page.
NAMED_KINDS = {"invited_talk", "conversation", "contributed_talk", "panel", "round_table"}


def slot_uid(event_slug: str, slot_id: int, domain: str) -> str:
    """iCal UID: stable across releases so calendar clients update rather than duplicate."""
    return f"{event_slug}-slot-{slot_id}@{domain}"


def slot_guid(uid: str) -> str:
    """frab guid: uuid5 of the iCal UID, so both exports name a slot the same way."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, uid))


def _hm(value: datetime) -> str:
    """'9:05' style, the seed page's way of writing times."""
    return f"{value.hour}:{value.minute:02d}"


def time_label(slot: SlotInfo, event: EventInfo) -> str:
    """'9:00-9:15' in the event's zone."""
    zone = event.zone
    return f"{_hm(slot.start.astimezone(zone))}-{_hm(slot.end.astimezone(zone))}"


def slot_people(snapshot: Snapshot, slot: SlotInfo) -> list[Presenter]:
    """Named speakers then talk presenters, deduplicated, with speaker names taken from the page."""
    speakers = snapshot.speakers_by_id
    people = [Presenter(speakers[i].name, speakers[i].affiliation, i) for i in slot.speaker_ids]
    for p in slot.talk.presenters if slot.talk else ():
        s = speakers.get(p.speaker_id) if p.speaker_id else None
        people.append(Presenter(s.name, s.affiliation, s.id) if s else p)
    seen: set[object] = set()
    unique = []
    for p in people:
        key = p.speaker_id or (p.name, p.affiliation)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


@dataclass(frozen=True)
class ScheduleRow:
    """One line of the public schedule table, shared by the HTML page and the markdown export."""

    slot_id: int
    kind: str
    time: str
    topic: str
    speakers: str


def schedule_rows(snapshot: Snapshot) -> list[ScheduleRow]:
    """Rows in time order; a contributed talk shows its paper title and presenters."""
    rows = []
    for slot in snapshot.slots:
        names = ", ".join(p.name for p in slot_people(snapshot, slot))
        if not names and slot.kind in NAMED_KINDS:
            names = "TBD"
        topic = slot.talk.title if slot.talk else slot.title
        rows.append(ScheduleRow(slot.id, slot.kind, time_label(slot, snapshot.event), topic, names))
    return rows


@dataclass(frozen=True)
class ImportantDate:
    """A line of the Important Dates table; `when` None shows as TBD."""

    label: str
    when: date | datetime | None = None


def date_label(when: date | datetime | None, event: EventInfo) -> str:
    """'December 14, 2024' (plus time and zone for deadlines), or TBD."""
    if when is None:
        return "TBD"
    if isinstance(when, datetime):
        local = when.astimezone(event.zone)
        zone = "AoE" if event.timezone == "Etc/GMT+12" else local.tzname()
        return f"{local:%B} {local.day}, {local.year} {local:%H:%M} {zone}"
    return f"{when:%B} {when.day}, {when.year}"


def important_date_rows(event: EventInfo, dates: Iterable[ImportantDate]) -> list[tuple[str, str]]:
    """(label, shown date) pairs for the HTML page and the markdown, so both agree."""
    return [(d.label, date_label(d.when, event)) for d in dates]


def _talk_text(talk: TalkInfo) -> str:
    """Plain-text talk summary for calendar descriptions."""
    parts = [f"Presented by {', '.join(p.name for p in talk.presenters)}" if talk.presenters else "",
             f"Authors: {talk.authors}" if talk.authors else "", talk.abstract_md]
    return "\n\n".join(p for p in parts if p)


def _poster_lines(slot: SlotInfo) -> str:
    """One line per poster: board, title, presenters."""
    return "\n".join(
        f"{'#' + str(t.board_number) + ' ' if t.board_number else ''}{t.title}"
        f"{' (' + ', '.join(p.name for p in t.presenters) + ')' if t.presenters else ''}"
        for t in slot.posters
    )


def _description(snapshot: Snapshot, slot: SlotInfo) -> str:
    """What a calendar or frab client shows under the title."""
    if slot.talk:
        return _talk_text(slot.talk)
    names = ", ".join(p.name for p in slot_people(snapshot, slot))
    posters = f"Posters:\n{_poster_lines(slot)}" if slot.posters else ""
    return "\n\n".join(p for p in (names, posters) if p)
