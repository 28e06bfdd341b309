"""Tabular exports of a release: the program as CSV and the accepted papers as BibTeX."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin

from reviewhub.csvsafe import write_csv
from reviewhub.program.exporters.common import slot_people
from reviewhub.program.snapshot import SlotInfo, Snapshot, TalkInfo

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


def _bib_entry(snapshot: Snapshot, talk: TalkInfo, base_url: str) -> str:
    """@inproceedings with a key that depends only on the event slug and submission number."""
    event = snapshot.event
    key = re.sub(r"[^A-Za-z0-9_:-]", "-", f"{event.slug}-{talk.number or talk.submission_id}")
    if talk.author_list:
        author = " and ".join(bibtex_escape(a) for a in talk.author_list)
    else:  # one braced name so BibTeX does not split a display string at commas
        author = "{" + bibtex_escape(talk.authors) + "}" if talk.authors else ""
    fields = [("title", "{" + bibtex_escape(talk.title) + "}"), ("author", author),
              ("booktitle", bibtex_escape(event.name)), ("year", str(event.day.year)),
              ("url", _absolute(base_url, talk.file_url).replace("{", "%7B").replace("}", "%7D")),
              ("note", bibtex_escape(talk.publication))]
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields if value)
    return f"@inproceedings{{{key},\n{body}}}\n"


def _absolute(base_url: str, path: str | None) -> str:
    """A reference manager opens the url field on its own, away from the site: it is absolute."""
    return urljoin(base_url.rstrip("/") + "/", path) if path else ""


def to_bibtex(snapshot: Snapshot, types: Sequence[str] = ("paper",), *, base_url: str) -> str:
    """Accepted works of the given submission types that appear in the schedule; file links
    are made absolute on `base_url`, the site's."""
    talks = {t.submission_id: t for slot in snapshot.slots for t in slot.talks
             if t.submission_type in types}
    ordered = sorted(talks.values(), key=lambda t: (t.number or t.submission_id, t.submission_id))
    return "\n".join(_bib_entry(snapshot, t, base_url) for t in ordered)
