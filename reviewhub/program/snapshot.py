"""The frozen, JSON-serialisable shape of a released schedule, from which public pages render."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reviewhub.words import label

FORMAT = 1  # bump, and teach from_dict the old shape, when the stored JSON changes

SLOT_KINDS: tuple[str, ...] = (
    "intro",
    "invited_talk",
    "conversation",
    "break",
    "contributed_talk",
    "poster_session",
    "panel",
    "round_table",
    "other",
)
# The words for each kind live in reviewhub.words, the one place for labels.
SLOT_KIND_LABELS: dict[str, str] = {kind: label(kind) for kind in SLOT_KINDS}
_BARE_EMAIL = re.compile(r"^[^/@\s]+@[^/@\s]+\.[A-Za-z]{2,}$")


def _utc(value: datetime, what: str) -> datetime:
    """Aware datetimes only, normalised to UTC so equal instants serialise identically."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value.astimezone(UTC)


def _public_url(value: str | None, what: str) -> str | None:
    """Reject mailto: and e-mail-like values: a snapshot is public and must never carry one."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("", "http", "https") or "@" in parts.netloc or _BARE_EMAIL.match(value):
        raise ValueError(f"{what} must be an http(s) or relative URL, got {value!r}")
    return value


def _set(obj: object, name: str, value: object) -> None:
    """Normalise a field of a frozen dataclass inside __post_init__."""
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class EventInfo:
    """What the public pages say about the event itself."""

    slug: str
    name: str
    short_name: str
    description_md: str
    venue: str
    timezone: str
    contact_email: str
    url: str
    day: date
    tagline: str = ""
    language: str = "en"

    def __post_init__(self) -> None:
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise ValueError(f"day must be a date, got {self.day!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc

    @property
    def zone(self) -> ZoneInfo:
        """The event's zone, in which every public time is shown."""
        return ZoneInfo(self.timezone)

    def to_dict(self) -> dict[str, Any]:
        return {**_fields(self), "day": self.day.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventInfo:
        return cls(**{**data, "day": date.fromisoformat(data["day"])})


@dataclass(frozen=True)
class SpeakerInfo:
    """A public person (keynote, panelist, organizer, presenter); deliberately has no e-mail."""

    id: int
    name: str
    affiliation: str = ""
    bio_md: str = ""
    photo_url: str | None = None
    link: str | None = None
    kinds: tuple[str, ...] = ()
    position: str = ""

    def __post_init__(self) -> None:
        _set(self, "kinds", tuple(self.kinds))
        _public_url(self.photo_url, "photo_url")
        _public_url(self.link, "link")

    def to_dict(self) -> dict[str, Any]:
        return {**_fields(self), "kinds": list(self.kinds)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerInfo:
        return cls(**{**data, "kinds": tuple(data["kinds"])})


@dataclass(frozen=True)
class Presenter:
    """Who presents a talk: a speaker id when they have a page, else just name and affiliation."""

    name: str
    affiliation: str = ""
    speaker_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True)
class MediaItem:
    """An image, audio, video or link shown with a (creative) work."""

    kind: str
    url: str
    alt: str = ""

    def __post_init__(self) -> None:
        _public_url(self.url, "media url")

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True)
class TalkInfo:
    """An accepted submission as shown in the program; `authors` is whatever the app displays."""

    submission_id: int
    number: int | None
    title: str
    abstract_md: str = ""
    presenters: tuple[Presenter, ...] = ()
    authors: str = ""
    submission_type: str = "paper"
    file_url: str | None = None
    media: tuple[MediaItem, ...] = ()
    board_number: int | None = None
    topics: tuple[str, ...] = ()
    author_list: tuple[str, ...] = ()  # one name per author, for BibTeX; empty = use `authors`
    publication: str = ""  # the authors' camera-ready terms, e.g. "Licence: CC BY 4.0; non-archival"

    def __post_init__(self) -> None:
        for name in ("presenters", "media", "topics", "author_list"):
            _set(self, name, tuple(getattr(self, name)))
        _public_url(self.file_url, "file_url")

    def to_dict(self) -> dict[str, Any]:
        return {
            **_fields(self),
            "presenters": [p.to_dict() for p in self.presenters],
            "media": [m.to_dict() for m in self.media],
            "topics": list(self.topics),
            "author_list": list(self.author_list),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TalkInfo:
        return cls(
            **{
                **data,
                "presenters": tuple(Presenter(**p) for p in data["presenters"]),
                "media": tuple(MediaItem(**m) for m in data["media"]),
                "topics": tuple(data["topics"]),
                "author_list": tuple(data["author_list"]),
            }
        )


@dataclass(frozen=True)
class SlotInfo:
    """One entry of the day; `id` is the draft slot's id, stable across releases."""

    id: int
    start: datetime
    end: datetime
    kind: str
    title: str
    room: str = ""
    speaker_ids: tuple[int, ...] = ()
    talk: TalkInfo | None = None
    posters: tuple[TalkInfo, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.id, bool) or not isinstance(self.id, int) or self.id < 1:
            raise ValueError(f"slot id must be a positive integer, got {self.id!r}")
        if self.kind not in SLOT_KINDS:
            raise ValueError(f"slot kind must be one of {SLOT_KINDS}, got {self.kind!r}")
        _set(self, "start", _utc(self.start, "slot start"))
        _set(self, "end", _utc(self.end, "slot end"))
        _set(self, "speaker_ids", tuple(self.speaker_ids))
        _set(self, "posters", tuple(self.posters))

    @property
    def talks(self) -> tuple[TalkInfo, ...]:
        """The talk and the posters together: everything presented in this slot."""
        return ((self.talk,) if self.talk else ()) + self.posters

    def to_dict(self) -> dict[str, Any]:
        return {
            **_fields(self),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "speaker_ids": list(self.speaker_ids),
            "talk": self.talk.to_dict() if self.talk else None,
            "posters": [p.to_dict() for p in self.posters],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SlotInfo:
        return cls(
            **{
                **data,
                "start": datetime.fromisoformat(data["start"]),
                "end": datetime.fromisoformat(data["end"]),
                "speaker_ids": tuple(data["speaker_ids"]),
                "talk": TalkInfo.from_dict(data["talk"]) if data["talk"] else None,
                "posters": tuple(TalkInfo.from_dict(p) for p in data["posters"]),
            }
        )


@dataclass(frozen=True)
class Snapshot:
    """A released schedule. Slots are sorted and speakers ordered by id so the hash is stable."""

    version: int
    released_at: datetime
    comment: str
    event: EventInfo
    slots: tuple[SlotInfo, ...] = ()
    speakers: tuple[SpeakerInfo, ...] = field(default=())
    # Shown above the public schedule, e.g. that it is tentative; empty once it is final.
    note: str = ""

    def __post_init__(self) -> None:
        _set(self, "released_at", _utc(self.released_at, "released_at"))
        _set(self, "slots", tuple(sorted(self.slots, key=lambda s: (s.start, s.end, s.room, s.id))))
        _set(self, "speakers", tuple(sorted(self.speakers, key=lambda s: s.id)))
        self._check_references()

    def _check_references(self) -> None:
        """A dangling id would crash a public page later; refuse it at release time instead."""
        known = {s.id for s in self.speakers}
        if len(known) != len(self.speakers):
            raise ValueError("duplicate speaker ids")
        if len({s.id for s in self.slots}) != len(self.slots):
            raise ValueError("duplicate slot ids")
        for slot in self.slots:
            refs = set(slot.speaker_ids)
            refs |= {p.speaker_id for t in slot.talks for p in t.presenters if p.speaker_id}
            if refs - known:
                raise ValueError(f"slot {slot.id} names unknown speakers {sorted(refs - known)}")

    @cached_property
    def speakers_by_id(self) -> dict[int, SpeakerInfo]:
        """Index built once per snapshot, so exports of a big program stay linear."""
        return {s.id: s for s in self.speakers}

    def speaker(self, speaker_id: int) -> SpeakerInfo:
        """The speaker with that id (KeyError if absent)."""
        return self.speakers_by_id[speaker_id]

    def slot(self, slot_id: int) -> SlotInfo:
        """The slot with that id (KeyError if absent)."""
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise KeyError(slot_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only; datetimes as ISO 8601 with offset."""
        return {
            "format": FORMAT,
            "version": self.version,
            "released_at": self.released_at.isoformat(),
            "comment": self.comment,
            "event": self.event.to_dict(),
            "slots": [s.to_dict() for s in self.slots],
            "speakers": [s.to_dict() for s in self.speakers],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        """Inverse of to_dict; raises ValueError on a format this code does not know."""
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown snapshot format {data.get('format')!r}")
        return cls(
            version=data["version"],
            released_at=datetime.fromisoformat(data["released_at"]),
            comment=data["comment"],
            event=EventInfo.from_dict(data["event"]),
            slots=tuple(SlotInfo.from_dict(s) for s in data["slots"]),
            speakers=tuple(SpeakerInfo.from_dict(s) for s in data["speakers"]),
            note=data.get("note", ""),  # releases made before notes existed have none
        )

    def to_json(self) -> str:
        """Canonical JSON text (sorted keys, no spaces): what content_hash() digests."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def content_hash(self) -> str:
        """sha256 hex of the canonical JSON; equal content gives equal hash, usable as an ETag."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _fields(obj: object) -> dict[str, Any]:
    """The dataclass's own fields, shallow (callers convert nested values)."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}  # type: ignore[attr-defined]
