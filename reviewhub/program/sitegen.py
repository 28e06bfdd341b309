"""Static copies of the public program: the seed's Jekyll page, or a crawled HTML site."""

from __future__ import annotations

import mimetypes
import os
import re
import shutil
from collections import deque
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from reviewhub import storage
from reviewhub.errors import DomainError
from reviewhub.events.queries import important_dates
from reviewhub.program import build, queries
from reviewhub.program.exporters import ImportantDate, to_jekyll_markdown
from reviewhub.program.public import live_snapshot
from reviewhub.program.snapshot import SpeakerInfo

IMAGE_DIR = "assets/imgs/speakers"
SCHEDULE_NOTE = ""
_LINK = re.compile(r'(href|src)="([^"]*)"')


def _image_name(person) -> str:
    """A readable, unique file name for a speaker's photo: anna_huang-3.png."""
    base = re.sub(r"[^a-z0-9]+", "_", person.name.lower()).strip("_") or "speaker"
    return f"{base}-{person.id}.{person.photo_key.rsplit('.', 1)[-1]}"


def _people(event, kind: str, out: Path) -> list[SpeakerInfo]:
    """SpeakerInfo for the page, with photos copied next to it."""
    people = []
    for person in queries.list_speakers(event, kind):
        info = build.speaker_info(event.slug, person)
        if person.photo_key:
            name = _image_name(person)
            target = out / IMAGE_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(storage.path_for(person.photo_key), target)
            info = replace(info, photo_url=f"/{IMAGE_DIR}/{name}")
        people.append(info)
    return people


def export_jekyll(event, out: Path) -> list[Path]:
    """index.md in the seed's format with the released schedule, plus the speakers' images."""
    release = queries.latest_release(event)
    if release is None or not event.program_public:
        raise DomainError("Nothing to export: the schedule is not released or the program is hidden.")
    out.mkdir(parents=True, exist_ok=True)
    dates = [ImportantDate(label, value) for label, value, _ in important_dates(event)]
    text = to_jekyll_markdown(
        live_snapshot(release), dates, _people(event, "keynote", out),
        _people(event, "panelist", out), _people(event, "organizer", out),
        schedule_note=SCHEDULE_NOTE, image_dir=IMAGE_DIR)
    (out / "index.md").write_text(text, encoding="utf-8")
    return sorted(p for p in out.rglob("*") if p.is_file())


def _local_file(path: str, slug: str) -> str | None:
    """Where a site path goes in the copy; None for paths outside the public program."""
    if path.startswith("/static/"):
        return path[1:]
    prefix = f"/{slug}/"
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):]
    return rest + "index.html" if rest == "" or rest.endswith("/") else rest


def _with_extension(local: str, mimetype: str) -> str:
    """Give extension-less paths one from their type, so a file browser opens them right."""
    if "." in local.rsplit("/", 1)[-1]:
        return local
    return local + (mimetypes.guess_extension(mimetype) or ".bin")


def _rewrite(html: str, here: str, files: dict[str, str]) -> str:
    """Links to copied pages become relative file links; other site links are dropped."""
    def swap(match: re.Match) -> str:
        attr, url = match.group(1), match.group(2)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            return match.group(0)
        target = files.get(parts.path)
        if target is None or parts.query:
            return f'{attr}="#"'
        rel = os.path.relpath(target, os.path.dirname(here) or ".")
        return f'{attr}="{rel}{"#" + parts.fragment if parts.fragment else ""}"'
    return _LINK.sub(swap, html)


def _crawl(slug: str) -> dict[str, tuple[str, bytes, str]]:
    """Every public page and file reachable from the event page, fetched as the public."""
    client = current_app.test_client()
    seen: dict[str, tuple[str, bytes, str]] = {}
    todo = deque([f"/{slug}/"])
    while todo:
        path = todo.popleft()
        local = _local_file(path, slug)
        if path in seen or local is None:
            continue
        response = client.get(path)
        if response.status_code != 200:
            continue
        seen[path] = (_with_extension(local, response.mimetype), response.data, response.mimetype)
        if response.mimetype == "text/html":
            for _, url in _LINK.findall(response.get_data(as_text=True)):
                parts = urlsplit(url)
                if not parts.scheme and not parts.netloc and not parts.query and url.startswith("/"):
                    todo.append(parts.path)
    return seen


def export_html(event, out: Path) -> list[Path]:
    """A self-contained static copy of the public pages with relative links."""
    pages = _crawl(event.slug)
    files = {path: local for path, (local, _, _) in pages.items()}
    for local, body, mimetype in pages.values():
        target = out / local
        target.parent.mkdir(parents=True, exist_ok=True)
        if mimetype == "text/html":
            target.write_text(_rewrite(body.decode("utf-8"), local, files), encoding="utf-8")
        else:
            target.write_bytes(body)
    return sorted(out / local for local in files.values())
