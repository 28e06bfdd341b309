"""iCalendar export of a release: the whole day, or one slot, with the event's VTIMEZONE."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar

from reviewhub.program.exporters.common import SlotUrl, _description, slot_uid
from reviewhub.program.retract import is_cancelled
from reviewhub.program.snapshot import SLOT_KIND_LABELS, SlotInfo, Snapshot

PRODID = "-//reviewhub//program//EN"


def _calendar(snapshot: Snapshot, slots: Iterable[SlotInfo], domain: str,
              slot_url: SlotUrl | None) -> bytes:
    """A VCALENDAR with the event's VTIMEZONE and one VEVENT per slot."""
    event = snapshot.event
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", event.name)
    cal.add("x-wr-timezone", event.timezone)
    for slot in slots:
        vevent = icalendar.Event()
        vevent.add("uid", slot_uid(event.slug, slot.id, domain))
        vevent.add("dtstamp", snapshot.released_at)
        if is_cancelled(slot):  # its work left after the release: calendars must drop it
            vevent.add("status", "CANCELLED")
            vevent.add("sequence", snapshot.version + 1)  # a change after version N's copy
        else:
            vevent.add("sequence", snapshot.version)
        vevent.add("dtstart", slot.start.astimezone(event.zone))
        vevent.add("dtend", slot.end.astimezone(event.zone))
        vevent.add("summary", slot.talk.title if slot.talk else slot.title)
        vevent.add("description", _description(snapshot, slot))
        vevent.add("location", ", ".join(x for x in (slot.room, event.venue) if x))
        vevent.add("categories", [SLOT_KIND_LABELS[slot.kind]])
        url = slot_url(slot) if slot_url else event.url
        if url:
            vevent.add("url", url)
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def to_ical(snapshot: Snapshot, *, domain: str, slot_url: SlotUrl | None = None) -> bytes:
    """The whole released schedule; `domain` (e.g. the site's host) makes UIDs globally unique."""
    return _calendar(snapshot, snapshot.slots, domain, slot_url)


def to_ical_talk(snapshot: Snapshot, slot_id: int, *, domain: str,
                 slot_url: SlotUrl | None = None) -> bytes:
    """A single slot, same UID as in the full calendar (KeyError if no such slot)."""
    return _calendar(snapshot, [snapshot.slot(slot_id)], domain, slot_url)
