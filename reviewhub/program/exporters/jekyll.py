"""The event page in the seed's own Jekyll format, with the released schedule filled in."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from reviewhub.program.exporters.common import ImportantDate, important_date_rows, schedule_rows
from reviewhub.program.snapshot import Snapshot, SpeakerInfo

_YAML_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\"'{}\[\]&*!|>%@`\\\n]*")


def _yaml(value: str) -> str:
    """Plain scalar when safe, else a JSON string (which YAML reads as a double-quoted one)."""
    plain = _YAML_PLAIN.fullmatch(value) and value == value.strip()
    return value if plain else json.dumps(value, ensure_ascii=False)


# Characters kramdown (GFM) or Liquid would read as markup in running text, as numeric
# entities: the text shows as typed and no title turns into emphasis, a link or a tag.
_MARKUP = {"\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
           "~": "&#126;", "$": "&#36;", "{": "&#123;", "}": "&#125;", "<": "&lt;", ">": "&gt;",
           '"': "&quot;", "'": "&#39;"}  # quotes too: kramdown would make them typographic
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TYPOGRAPHIC = re.compile(r"-(?=-)|\.(?=\.\.)")  # '--' and '...' would become dashes and ellipses


def markdown_text(text: str) -> str:
    """Plain text (a title, a name) for a Markdown line: shown as written, never as markup.
    A bare '&' stays (kramdown shows it as is); one that would start an entity is escaped."""
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = "".join(_MARKUP.get(ch, ch) for ch in text)
    return _TYPOGRAPHIC.sub(lambda m: f"&#{ord(m.group(0))};", text)


def liquid_safe(body: str) -> str:
    """Jekyll runs Liquid over a page before Markdown: the body goes in a raw block, and any
    '{%' of its own (which could end the block) is written by Liquid itself, so no tag or
    '{{ }}' in any text is ever evaluated."""
    return "{% raw %}" + body.replace("{%", '{% endraw %}{{ "{%" }}{% raw %}') + "{% endraw %}"


def _cell(text: str) -> str:
    """A markdown table cell: plain text on one line, its pipes escaped."""
    return markdown_text(" ".join(text.split())).replace("|", r"\|")


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
                       organizers: Sequence[SpeakerInfo], *, schedule_note: str | None = None,
                       image_dir: str = "assets/imgs/speakers", intro_md: str | None = None) -> str:
    """The event page in the seed's Jekyll format; people come from the app's DB, not the slots."""
    event = snapshot.event
    dates_table = markdown_table(("**Event**", "**Date**"), "--",
                                 important_date_rows(event, dates))
    schedule = markdown_table(("**Time**", "**Topic**", "**Speaker(s)/Presenter(s)**"), "rll",
                              [(r.time, r.topic, r.speakers) for r in schedule_rows(snapshot)])
    schedule_note = snapshot.note if schedule_note is None else schedule_note
    note = f"{markdown_text(schedule_note)}\n\n" if schedule_note else ""
    intro = (event.description_md if intro_md is None else intro_md).strip()
    email = event.contact_email
    contact = (f"Contact the organizers at [{markdown_text(email)}](mailto:{quote(email, safe='@+')})"
               if email else "TBD")
    front = f"---\nlayout: default\ntitle: {_yaml(event.name)}\ndescription: {_yaml(event.tagline)}\n---"
    sections = [
        f"{front}\n\n{intro}",
        _section("Important Dates", "dates", "\n".join(dates_table)),
        _section("Schedule", "schedule", note + "\n".join(schedule)),
        _section("Keynote Speakers", "speakers", _keynotes(keynotes, image_dir)),
        _section("Panelists", "panelists", _gallery(panelists, image_dir)),
        _section("Organizers", "organizers", _gallery(organizers, image_dir)),
        _section("Contact", "contact", contact),
    ]
    body = "\n\n---\n\n".join(sections)
    return f"{front}\n{liquid_safe(body[len(front) + 1:])}\n"
