"""The seed workshop's planned day and people as program data, built from demo/seed_event.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from reviewhub.demo import seed_event as seed
from reviewhub.program.snapshot import EventInfo, SpeakerInfo

# (start, end, kind, title) in the event's local time, exactly as on the seed page.
SEED_PLAN: tuple[tuple[str, str, str, str], ...] = tuple(seed.DAY)
PHOTO_EXTENSION = ".jpeg"  # the seed site's own image files; the app serves its stored copies


@dataclass(frozen=True)
class SeedSlot:
    """One planned slot: the editor turns it into a draft ScheduleSlot (position orders them)."""

    position: int
    start: datetime
    end: datetime
    kind: str
    title: str


def _at(day: date, hhmm: str, zone: tzinfo) -> datetime:
    """Wall-clock time on the event day in the event's zone (aware)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def seed_day_slots(day: date, tz: tzinfo | str = seed.TIMEZONE) -> list[SeedSlot]:
    """The seed page's 16 slots on `day`, times aware in `tz` (an IANA name or a tzinfo)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return [
        SeedSlot(i, _at(day, start, zone), _at(day, end, zone), kind, title)
        for i, (start, end, kind, title) in enumerate(SEED_PLAN, start=1)
    ]


def seed_description() -> str:
    """The page's opening text: description, the call with the topic list in its place."""
    from reviewhub.events.page import intro_markdown

    return intro_markdown(seed.DESCRIPTION, seed.CALL, seed.TOPICS)


def seed_event(day: date, tz: str = seed.TIMEZONE) -> EventInfo:
    """The seed workshop's public facts, for tests that rebuild its page without a database."""
    return EventInfo(
        slug=seed.SLUG, name=seed.NAME, short_name=seed.SHORT_NAME,
        description_md=seed_description(), venue=seed.VENUE, timezone=tz,
        contact_email=seed.CONTACT, url="", day=day, tagline=seed.TAGLINE,
    )


def _speakers(people: list[dict], kind: str, first_id: int) -> list[SpeakerInfo]:
    """SpeakerInfo for one of seed_event's lists (ids are arbitrary but stable)."""
    return [
        SpeakerInfo(
            id=first_id + i, name=p["name"], affiliation=p.get("affiliation", ""),
            bio_md=p.get("bio_md", ""), link=p.get("link") or None, kinds=(kind,),
            position=p.get("position_title", ""),
            photo_url=f"/static/speakers/{p['photo']}{PHOTO_EXTENSION}" if p.get("photo") else None,
        )
        for i, p in enumerate(people)
    ]


def seed_keynotes() -> list[SpeakerInfo]:
    """The keynote speakers announced on the seed page."""
    return _speakers(seed.KEYNOTES, "keynote", 1)


def seed_panelists() -> list[SpeakerInfo]:
    """The panelists (none yet: TBD on the seed page)."""
    return _speakers(seed.PANELISTS, "panelist", 51)


def seed_organizers() -> list[SpeakerInfo]:
    """The organizers listed on the seed page."""
    return _speakers(seed.ORGANIZERS, "organizer", 101)
