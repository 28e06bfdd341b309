"""frab-compatible (c3voc) schedule.json and schedule.xml of a release."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import date, datetime
from functools import reduce
from math import gcd
from urllib.parse import urljoin, urlsplit

from lxml import etree

from reviewhub.program.exporters.common import (
    SlotUrl,
    _poster_lines,
    slot_guid,
    slot_people,
    slot_uid,
)
from reviewhub.program.snapshot import (
    SLOT_KIND_LABELS,
    EventInfo,
    Presenter,
    SlotInfo,
    Snapshot,
    TalkInfo,
)

GENERATOR = {"name": "reviewhub", "version": "0.1"}
FRAB_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
FRAB_TYPES = {"invited_talk": "talk", "contributed_talk": "talk", "conversation": "discussion",
              "panel": "discussion", "round_table": "discussion", "break": "break",
              "poster_session": "poster", "intro": "other", "other": "other"}
_FRAB_TZ = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the JSON schema's own pattern
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _slugify(text: str) -> str:
    """ASCII lowercase slug; may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")


def frab_acronym(event: EventInfo) -> str:
    """The schema wants [a-z0-9_] without hyphens and at least four characters."""
    acronym = re.sub(r"[^a-z0-9_]", "_", event.slug.lower()).strip("_") or "event"
    return acronym.ljust(4, "_")


def _iso(value: datetime, event: EventInfo) -> str:
    """Local time with offset, e.g. 2024-12-14T09:00:00-12:00."""
    return value.astimezone(event.zone).isoformat()


def _duration(slot: SlotInfo) -> str:
    """'HH:MM'; a bad slot (end before start) exports as 00:00 rather than failing."""
    minutes = max(0, int((slot.end - slot.start).total_seconds() // 60))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room(snapshot: Snapshot, slot: SlotInfo) -> str:
    """A one-room workshop often leaves the room empty; the venue stands in for it."""
    return slot.room or snapshot.event.venue or "Main room"


# Presenters without a speaker page get ids above every speaker row's, from their name.
_PRESENTER_IDS = 2**30


def person_id(p: Presenter) -> int:
    """frab's integer person id, stable across releases and sites: the speaker's id, or for a
    presenter without a page a number derived from name and affiliation (never an e-mail)."""
    if p.speaker_id:
        return p.speaker_id
    digest = uuid.uuid5(uuid.NAMESPACE_URL, f"presenter/{p.name}|{p.affiliation}").int
    return _PRESENTER_IDS + digest % _PRESENTER_IDS


def _person(snapshot: Snapshot, p: Presenter, base: str) -> dict:
    """A frab person: integer `id` and `public_name`, which schedule apps key speakers by (a
    reader missing the id gives every talk its first speaker; one reading public_name shows
    none without it), plus guid, bio and avatar. The schema's Person is one of two shapes,
    frab's (id, public_name) or pretalx's (name): a person carrying both would match both and
    fail its oneOf, so this is frab's shape, as pretalx wrote it before it switched."""
    s = snapshot.speaker(p.speaker_id) if p.speaker_id else None
    key = f"speaker/{s.id}" if s else f"presenter/{p.name}|{p.affiliation}"
    return {"id": person_id(p), "public_name": p.name,
            "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/{key}")),
            "biography": s.bio_md if s and s.bio_md else None,
            "avatar": urljoin(base + "/", s.photo_url) if s and s.photo_url else None}


def _links(talk: TalkInfo | None, base: str) -> list[dict]:
    """The paper file and media, with absolute URLs."""
    if talk is None:
        return []
    links = [{"type": "paper", "url": urljoin(base + "/", talk.file_url), "title": "Paper"}]
    links = links if talk.file_url else []
    return links + [{"type": "media", "url": urljoin(base + "/", m.url), "title": m.alt or m.kind}
                    for m in talk.media]


def _frab_event(snapshot: Snapshot, slot: SlotInfo, base: str, domain: str, url: str) -> dict:
    """One frab event (a slot) with every field the JSON schema requires."""
    event = snapshot.event
    local = slot.start.astimezone(event.zone)
    title = slot.talk.title if slot.talk else slot.title
    posters = _poster_lines(slot)
    return {
        "guid": slot_guid(slot_uid(event.slug, slot.id, domain)), "id": slot.id,
        "date": _iso(slot.start, event), "start": f"{local:%H:%M}", "duration": _duration(slot),
        "room": _room(snapshot, slot),
        "slug": f"{frab_acronym(event)}-{slot.id}-{_slugify(title) or 'slot'}",
        "url": url, "title": title, "subtitle": "",
        "track": SLOT_KIND_LABELS[slot.kind], "type": FRAB_TYPES[slot.kind],
        "language": event.language, "abstract": slot.talk.abstract_md if slot.talk else "",
        "description": (f"Authors: {slot.talk.authors}" if slot.talk and slot.talk.authors
                        else f"Posters:\n{posters}" if posters else ""),
        "persons": [_person(snapshot, p, base) for p in slot_people(snapshot, slot)],
        "links": _links(slot.talk, base),
    }


def _frab_days(snapshot: Snapshot, base: str, domain: str, slot_url: SlotUrl) -> list[dict]:
    """Slots grouped by local date then room; an empty schedule still yields the event day."""
    event = snapshot.event
    by_day: dict[date, list[SlotInfo]] = {}
    for slot in snapshot.slots:
        by_day.setdefault(slot.start.astimezone(event.zone).date(), []).append(slot)
    days = []
    for index, (day, slots) in enumerate(sorted(by_day.items()), start=1):
        rooms: dict[str, list[dict]] = {}
        for slot in slots:
            frab = _frab_event(snapshot, slot, base, domain, slot_url(slot))
            rooms.setdefault(frab["room"], []).append(frab)
        days.append({"index": index, "date": day.isoformat(),
                     "day_start": _iso(min(s.start for s in slots), event),
                     "day_end": _iso(max(s.end for s in slots), event), "rooms": rooms})
    if not days:
        midnight = datetime.combine(event.day, datetime.min.time(), tzinfo=event.zone)
        days.append({"index": 1, "date": event.day.isoformat(), "day_start": midnight.isoformat(),
                     "day_end": midnight.replace(hour=23, minute=59).isoformat(), "rooms": {}})
    return days


def _timeslot(snapshot: Snapshot) -> str:
    """The grid step: gcd of durations and start minutes (15 minutes when nothing is known)."""
    zone = snapshot.event.zone
    values = [int((s.end - s.start).total_seconds() // 60) for s in snapshot.slots]
    values += [s.start.astimezone(zone).minute for s in snapshot.slots]
    step = reduce(gcd, (abs(v) for v in values), 0) or 15
    return f"{step // 60:02d}:{step % 60:02d}"


def frab_schedule(snapshot: Snapshot, base_url: str, *, domain: str | None = None,
                  slot_url: SlotUrl | None = None) -> dict:
    """The frab document as plain data (the JSON export; the XML is built from it)."""
    event = snapshot.event
    base = base_url.rstrip("/")
    domain = domain or urlsplit(base_url).hostname or "localhost"
    slot_url = slot_url or (lambda s: f"{base}/{event.slug}/program/#slot-{s.id}")
    days = _frab_days(snapshot, base, domain, slot_url)
    room_names = list(dict.fromkeys(name for d in days for name in d["rooms"]))
    conference = {
        "acronym": frab_acronym(event), "title": event.name, "start": days[0]["date"],
        "end": days[-1]["date"], "daysCount": len(days), "timeslot_duration": _timeslot(snapshot),
        "rooms": [{"name": n, "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/room/{n}"))}
                  for n in room_names],
        "days": days,
    }
    if _FRAB_TZ.search(event.timezone):  # e.g. "Etc/GMT+12" does not fit the schema's pattern
        conference["time_zone_name"] = event.timezone
    if event.url:
        conference["url"] = event.url
    return {"$schema": FRAB_SCHEMA_URL, "generator": dict(GENERATOR),
            "schedule": {"version": str(snapshot.version), "base_url": base + "/",
                         "conference": conference}}


def to_frab_json(snapshot: Snapshot, base_url: str, *, domain: str | None = None,
                slot_url: SlotUrl | None = None) -> str:
    """frab/c3voc schedule.json text."""
    data = frab_schedule(snapshot, base_url, domain=domain, slot_url=slot_url)
    return json.dumps(data, indent=2, ensure_ascii=False)


def _sub(parent: etree._Element, tag: str, text: object = None, **attrs: object) -> etree._Element:
    """Append a child element, dropping characters XML cannot carry."""
    child = etree.SubElement(parent, tag, {k: _XML_BAD.sub("", str(v)) for k, v in attrs.items()})
    if text is not None:
        child.text = _XML_BAD.sub("", str(text))
    return child


def _xml_event(room: etree._Element, ev: dict) -> None:
    """A frab <event>; optional values the XSD types strictly are left out when unusable."""
    node = _sub(room, "event", id=ev["id"], guid=ev["guid"])
    # subtitle and description are written even when empty, as pretalx does: some readers
    # look for the element and skip the event without it.
    for tag in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug",
                "track", "language", "description"):
        _sub(node, tag, ev[tag] or "")
    persons = _sub(node, "persons")
    for p in ev["persons"]:
        _sub(persons, "person", p["public_name"], id=p["id"], guid=p["guid"])
    links = _sub(node, "links")
    for link in ev["links"]:
        _sub(links, "link", link["title"], href=link["url"], type=link["type"])
    if re.match(r"https?://", ev["url"]):
        _sub(node, "url", ev["url"])


def to_frab_xml(snapshot: Snapshot, base_url: str, *, domain: str | None = None,
                slot_url: SlotUrl | None = None) -> bytes:
    """frab/c3voc schedule.xml (UTF-8 bytes with declaration)."""
    data = frab_schedule(snapshot, base_url, domain=domain, slot_url=slot_url)["schedule"]
    conf = data["conference"]
    root = etree.Element("schedule")
    _sub(root, "generator", **GENERATOR)
    _sub(root, "version", data["version"])
    cnode = _sub(root, "conference")
    for tag, value in (("title", conf["title"]), ("acronym", conf["acronym"]),
                       ("start", conf["start"]), ("end", conf["end"]),
                       ("days", conf["daysCount"]), ("timeslot_duration", conf["timeslot_duration"]),
                       ("time_zone_name", snapshot.event.timezone)):
        _sub(cnode, tag, value)
    for tag, value in (("base_url", data["base_url"]), ("url", conf.get("url", ""))):
        if re.match(r"https?://", value):
            _sub(cnode, tag, value)
    guids = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        dnode = _sub(root, "day", date=day["date"], start=day["day_start"], end=day["day_end"],
                     index=day["index"])
        for name, events in day["rooms"].items():
            rnode = _sub(dnode, "room", name=name, guid=guids[name])
            for ev in events:
                _xml_event(rnode, ev)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
