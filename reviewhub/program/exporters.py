"""Exports of a released Snapshot: iCal, frab JSON/XML, CSV, BibTeX and the Jekyll event page."""

from __future__ import annotations

import html
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from math import gcd
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import icalendar
from lxml import etree

from reviewhub.csvsafe import write_csv
from reviewhub.program.snapshot import (
    SLOT_KIND_LABELS,
    EventInfo,
    Presenter,
    SlotInfo,
    Snapshot,
    SpeakerInfo,
    TalkInfo,
)

SlotUrl = Callable[[SlotInfo], str]
PRODID = "-//reviewhub//program//EN"
GENERATOR = {"name": "reviewhub", "version": "0.1"}
FRAB_SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# Kinds that show "TBD" in the speakers column while nobody is named, as on the seed page.
NAMED_KINDS = {"invited_talk", "conversation", "contributed_talk", "panel", "round_table"}
FRAB_TYPES = {"invited_talk": "talk", "contributed_talk": "talk", "conversation": "discussion",
              "panel": "discussion", "round_table": "discussion", "break": "break",
              "poster_session": "poster", "intro": "other", "other": "other"}
_FRAB_TZ = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # the JSON schema's own pattern
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ---- shared helpers -------------------------------------------------------------------------

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


# ---- iCalendar ------------------------------------------------------------------------------

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


# ---- frab (c3voc schedule) JSON and XML -----------------------------------------------------

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


def _person(snapshot: Snapshot, p: Presenter, base: str) -> dict:
    """pretalx-style person: name, guid from the speaker id (never from an e-mail), bio, avatar."""
    s = snapshot.speaker(p.speaker_id) if p.speaker_id else None
    key = f"speaker/{s.id}" if s else f"presenter/{p.name}|{p.affiliation}"
    return {"name": p.name, "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/{key}")),
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
        "url": url, "title": title, "subtitle": None,
        "track": SLOT_KIND_LABELS[slot.kind], "type": FRAB_TYPES[slot.kind],
        "language": event.language, "abstract": slot.talk.abstract_md if slot.talk else "",
        "description": (f"Authors: {slot.talk.authors}" if slot.talk and slot.talk.authors
                        else f"Posters:\n{posters}" if posters else None),
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
    for tag in ("room", "title", "type", "date", "start", "duration", "abstract", "slug", "track",
                "language"):
        _sub(node, tag, ev[tag] or "")
    if ev["description"]:
        _sub(node, "description", ev["description"])
    persons = _sub(node, "persons")
    for p in ev["persons"]:
        _sub(persons, "person", p["name"], guid=p["guid"])
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


# ---- CSV and BibTeX -------------------------------------------------------------------------

CSV_HEADER = ("date", "start", "end", "kind", "title", "room", "speakers", "number", "talk_title",
              "authors", "type", "board", "topics", "file_url")


def _csv_row(snapshot: Snapshot, slot: SlotInfo, kind: str, talk: TalkInfo | None) -> list:
    """One program row in the event's zone."""
    zone = snapshot.event.zone
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    names = [p.name for p in (talk.presenters if kind == "poster" and talk else
                              slot_people(snapshot, slot))]
    return [start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}", kind, slot.title,
            slot.room, "; ".join(names), talk.number if talk else "", talk.title if talk else "",
            talk.authors if talk else "", talk.submission_type if talk else "",
            talk.board_number if talk and talk.board_number else "",
            "; ".join(talk.topics) if talk else "", (talk.file_url or "") if talk else ""]


def to_csv(snapshot: Snapshot) -> str:
    """Program rows (one per slot, one per poster), formula-escaped by csvsafe."""
    rows = []
    for slot in snapshot.slots:
        rows.append(_csv_row(snapshot, slot, slot.kind, slot.talk))
        rows += [_csv_row(snapshot, slot, "poster", poster) for poster in slot.posters]
    return write_csv(CSV_HEADER, rows)


_TEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
        "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(text: str) -> str:
    """LaTeX-escape in one pass; braces become commands because BibTeX counts even escaped ones."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(text.split()))


def _bib_entry(snapshot: Snapshot, talk: TalkInfo) -> str:
    """@inproceedings with a key that depends only on the event slug and submission number."""
    event = snapshot.event
    key = re.sub(r"[^A-Za-z0-9_:-]", "-", f"{event.slug}-{talk.number or talk.submission_id}")
    if talk.author_list:
        author = " and ".join(bibtex_escape(a) for a in talk.author_list)
    else:  # one braced name so BibTeX does not split a display string at commas
        author = "{" + bibtex_escape(talk.authors) + "}" if talk.authors else ""
    fields = [("title", "{" + bibtex_escape(talk.title) + "}"), ("author", author),
              ("booktitle", bibtex_escape(event.name)), ("year", str(event.day.year)),
              ("url", (talk.file_url or "").replace("{", "%7B").replace("}", "%7D"))]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@inproceedings{{{key},\n{body}}}\n"


def to_bibtex(snapshot: Snapshot, types: Sequence[str] = ("paper",)) -> str:
    """Accepted works of the given submission types that appear in the schedule."""
    talks = {t.submission_id: t for slot in snapshot.slots for t in slot.talks
             if t.submission_type in types}
    ordered = sorted(talks.values(), key=lambda t: (t.number or t.submission_id, t.submission_id))
    return "\n".join(_bib_entry(snapshot, t) for t in ordered)


# ---- Jekyll event page (the seed page's own format) ---------------------------------------

_YAML_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\"'{}\[\]&*!|>%@`\\\n]*")


def _yaml(value: str) -> str:
    """Plain scalar when safe, else a JSON string (which YAML reads as a double-quoted one)."""
    plain = _YAML_PLAIN.fullmatch(value) and value == value.strip()
    return value if plain else json.dumps(value, ensure_ascii=False)


def _cell(text: str) -> str:
    """A markdown table cell cannot hold a pipe or a line break."""
    return " ".join(text.split()).replace("|", r"\|")


def markdown_table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """Padded pipe table like the seed's; align has one of 'l', 'r', '-' per column."""
    body = [[_cell(c) for c in row] for row in rows]
    widths = [max(len(c) for c in col) for col in zip(header, *body, strict=False)]
    rules = {"l": lambda w: ":" + "-" * (w - 1), "r": lambda w: "-" * (w - 1) + ":",
             "-": lambda w: "-" * w}

    def line(cells: Sequence[str]) -> str:
        padded = (c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(cells, widths, align, strict=True))
        return "| " + " | ".join(padded) + " |"

    return [line(header), line([rules[a](w) for a, w in zip(align, widths, strict=True)])] + [
        line(row) for row in body]


def _image_src(photo_url: str, image_dir: str) -> str:
    """The photo's file name under the site's image folder (the site ships its own copies)."""
    name = PurePosixPath(urlsplit(photo_url).path).name
    return f"{image_dir.rstrip('/')}/{re.sub(r'[^A-Za-z0-9._-]', '_', name) or 'photo'}"


def _anchor(person: SpeakerInfo) -> str:
    """Opening <a>, with href only when the person has a link."""
    return f'<a href="{html.escape(person.link)}">' if person.link else "<a>"


def _figure(person: SpeakerInfo, image_dir: str) -> list[str]:
    """The seed's figure block: photo, linked name, position and affiliation."""
    a, name = _anchor(person), html.escape(person.name)
    details = [html.escape(x) for x in (person.position, person.affiliation) if x]
    if not person.photo_url and not details:
        return ["<figure>", f"  {a}{name}</a>", "</figure>"]
    lines = ["<figure>"]
    if person.photo_url:
        src = html.escape(_image_src(person.photo_url, image_dir))
        lines += [f"    {a}", f'    <img class="img-author" src="{src}" alt="{name}"/></a>']
    lines.append(f"    <b><br>{a}{name}</a>")
    lines.append(f"    {''.join('<br>' + d for d in details)}</b>")
    return lines + ["</figure>"]


def _keynotes(people: Sequence[SpeakerInfo], image_dir: str) -> str:
    """Figure plus bio block per keynote speaker; the bio is escaped text, as on the seed page."""
    blocks = []
    for p in people:
        bio = html.escape(" ".join(p.bio_md.split()))
        blocks.append("\n".join(['<div class="container">', *_figure(p, image_dir), "</div>", "",
                                 '<div class="bio-text">',
                                 f"{_anchor(p)}<b>{html.escape(p.name)}</b></a>", bio, "</div>"]))
    return "\n\n".join(blocks) or "TBD"


def _gallery(people: Sequence[SpeakerInfo], image_dir: str) -> str:
    """One container of figures (panelists, organizers), or TBD."""
    if not people:
        return "TBD"
    figures = ["\n".join(_figure(p, image_dir)) for p in people]
    return "\n\n".join(['<div class="container">', *figures, "</div>"])


def _section(title: str, anchor: str, body: str) -> str:
    """A seed-style heading with its kramdown anchor."""
    return f"## **{title}** {{#{anchor}}}\n\n{body}"


def to_jekyll_markdown(snapshot: Snapshot, dates: Sequence[ImportantDate],
                       keynotes: Sequence[SpeakerInfo], panelists: Sequence[SpeakerInfo],
                       organizers: Sequence[SpeakerInfo], *, schedule_note: str = "",
                       image_dir: str = "assets/imgs/speakers") -> str:
    """The event page in the seed's Jekyll format; people come from the app's DB, not the slots."""
    event = snapshot.event
    dates_table = markdown_table(("**Event**", "**Date**"), "--",
                                 important_date_rows(event, dates))
    schedule = markdown_table(("**Time**", "**Topic**", "**Speaker(s)/Presenter(s)**"), "rll",
                              [(r.time, r.topic, r.speakers) for r in schedule_rows(snapshot)])
    note = f"{schedule_note}\n\n" if schedule_note else ""
    contact = (f"Contact the organizers at [{event.contact_email}](mailto:{event.contact_email})"
               if event.contact_email else "TBD")
    front = f"---\nlayout: default\ntitle: {_yaml(event.name)}\ndescription: {_yaml(event.tagline)}\n---"
    sections = [
        f"{front}\n\n{event.description_md.strip()}",
        _section("Important Dates", "dates", "\n".join(dates_table)),
        _section("Schedule", "schedule", note + "\n".join(schedule)),
        _section("Keynote Speakers", "speakers", _keynotes(keynotes, image_dir)),
        _section("Panelists", "panelists", _gallery(panelists, image_dir)),
        _section("Organizers", "organizers", _gallery(organizers, image_dir)),
        _section("Contact", "contact", contact),
    ]
    return "\n\n---\n\n".join(sections) + "\n"
