"""The released program as the public sees it: the latest release, parsed once, and its tables."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import g, url_for

from reviewhub.program import queries
from reviewhub.program.exporters import schedule_rows, slot_people
from reviewhub.program.models import ScheduleRelease
from reviewhub.program.retract import without_works
from reviewhub.program.snapshot import SlotInfo, Snapshot, SpeakerInfo, TalkInfo
from reviewhub.timeutil import zone_label

_PARSED: OrderedDict[tuple, tuple[Snapshot, str]] = OrderedDict()
_CACHE_SIZE = 64  # releases are immutable, so a parsed copy can never go stale


def _parsed(release: ScheduleRelease) -> tuple[Snapshot, str]:
    """(snapshot, content hash) of a release, parsed once per process."""
    key = (release.id, release.event_id, release.version, release.released_at.isoformat())
    if key not in _PARSED:
        snapshot = Snapshot.from_dict(release.snapshot)
        _PARSED[key] = (snapshot, snapshot.content_hash())
        while len(_PARSED) > _CACHE_SIZE:
            _PARSED.popitem(last=False)
    return _PARSED[key]


def released_snapshot(release: ScheduleRelease) -> Snapshot:
    return _parsed(release)[0]


def retracted_ids(release: ScheduleRelease) -> frozenset[int]:
    """Works of the release that may no longer be public (withdrawn, or no longer accepted),
    asked once per request."""
    memo = g.setdefault("_retracted", {})
    if release.id not in memo:
        released = released_submission_ids(released_snapshot(release))
        memo[release.id] = frozenset(released - queries.public_work_ids(released))
    return memo[release.id]


def live_snapshot(release: ScheduleRelease) -> Snapshot:
    """What the public sees of a release: the release without its retracted works."""
    return without_works(released_snapshot(release), retracted_ids(release))


def release_hash(release: ScheduleRelease) -> str:
    """sha256 of the release's canonical JSON: the base of every public ETag."""
    return _parsed(release)[1]


@dataclass(frozen=True)
class Row:
    """A line of the public schedule table (the event page and the schedule page)."""

    slot_id: int
    kind: str
    time: str
    topic: str
    speakers: str
    url: str | None


@dataclass(frozen=True)
class ScheduleTable:
    zone_label: str
    rows: list[Row]
    version: int
    released_at: datetime
    note: str = ""


def _has_page(slot: SlotInfo) -> bool:
    """Rows link to a talk page only when it says more than the row itself."""
    return bool(slot.talk or slot.posters or slot.speaker_ids)


def schedule_table(snapshot: Snapshot, talk_url: Callable[[int], str] | None) -> ScheduleTable:
    """The table rows of a release, in the event's zone, linked to talk pages."""
    slots = {s.id: s for s in snapshot.slots}
    rows = [Row(r.slot_id, r.kind, r.time, r.topic, r.speakers,
                talk_url(r.slot_id) if talk_url and _has_page(slots[r.slot_id]) else None)
            for r in schedule_rows(snapshot)]
    return ScheduleTable(zone_label(snapshot.event.timezone), rows, snapshot.version,
                         snapshot.released_at, snapshot.note)


def released_schedule_rows(event) -> ScheduleTable | None:
    """The event page's schedule: the latest release while the program is public, else None."""
    if not event.program_public:
        return None
    release = queries.latest_release(event)
    if release is None:
        return None
    return schedule_table(live_snapshot(release),
                          lambda slot_id: url_for("program.talk", slug=event.slug, slot_id=slot_id))


def speaker_slots(snapshot: Snapshot, speaker_id: int) -> list[SlotInfo]:
    """The slots a speaker appears in (named on the slot or presenting its talk or a poster)."""
    return [s for s in snapshot.slots
            if speaker_id in s.speaker_ids
            or any(p.speaker_id == speaker_id for t in s.talks for p in t.presenters)]


def people(snapshot: Snapshot, slot: SlotInfo) -> list[tuple[str, SpeakerInfo | None]]:
    """(name, speaker or None) of everyone named in a slot, for linking to speaker pages."""
    return [(p.name, snapshot.speakers_by_id.get(p.speaker_id) if p.speaker_id else None)
            for p in slot_people(snapshot, slot)]


# The public speakers page's groups, in the seed page's order (organizers have their own
# section on the event page).
SPEAKER_GROUPS = ("keynote", "invited", "panelist", "presenter")


def speaker_groups(snapshot: Snapshot) -> list[tuple[str, list[SpeakerInfo]]]:
    """(kind, its speakers by name) for each non-empty group of the release: one person with
    two roles (a keynote who is also a panelist) is listed in both."""
    groups = []
    for kind in SPEAKER_GROUPS:
        people = sorted((s for s in snapshot.speakers if kind in s.kinds), key=lambda s: (s.name.casefold(), s.id))
        if people:
            groups.append((kind, people))
    return groups


def accepted_works(snapshot: Snapshot, topic: str | None = None) -> list[tuple[TalkInfo, SlotInfo]]:
    """Every work of the release with its slot, by number, optionally of one topic."""
    works = {t.submission_id: (t, s) for s in snapshot.slots for t in s.talks}
    chosen = [w for w in works.values() if not topic or topic in w[0].topics]
    return sorted(chosen, key=lambda w: (w[0].number or 0, w[0].submission_id))


def release_topics(snapshot: Snapshot) -> list[str]:
    return sorted({topic for s in snapshot.slots for t in s.talks for topic in t.topics})


def released_submission_ids(snapshot: Snapshot) -> set[int]:
    return {t.submission_id for s in snapshot.slots for t in s.talks}
