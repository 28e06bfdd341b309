"""Static copies of the public program: the seed's Jekyll page, or a crawled HTML site."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
from collections import deque
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote_plus, urlencode, urlsplit

from flask import current_app
from lxml import html as lxml_html

from reviewhub import storage
from reviewhub.errors import DomainError
from reviewhub.events.page import intro_markdown
from reviewhub.events.queries import important_dates
from reviewhub.program import build, queries
from reviewhub.program.exporters import ImportantDate, to_jekyll_markdown
from reviewhub.program.exporters.jekyll import markdown_text
from reviewhub.program.public import live_snapshot
from reviewhub.program.snapshot import SpeakerInfo

IMAGE_DIR = "assets/imgs/speakers"


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
        image_dir=IMAGE_DIR, intro_md=intro_markdown(
            event.description_md, event.call_md, [t.name for t in event.topics],
            topic_line=lambda topic: f"- {markdown_text(topic)}"))
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


# Types whose registered extension Python's table may lack or spell differently.
_EXTENSIONS = {"audio/wav": ".wav", "audio/x-wav": ".wav", "audio/wave": ".wav", "audio/mpeg": ".mp3",
               "audio/ogg": ".ogg", "audio/flac": ".flac", "video/mp4": ".mp4", "video/webm": ".webm",
               "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
               "image/svg+xml": ".svg", "application/pdf": ".pdf", "text/html": ".html",
               "text/css": ".css", "text/javascript": ".js", "text/calendar": ".ics"}
# Attributes that name another page or file; srcset holds several.
_LINK_ATTRIBUTES = ("href", "src", "action", "poster")


def _with_extension(local: str, mimetype: str, download_name: str = "") -> str:
    """Give extension-less paths one that says their type (checked by content when uploaded),
    so a browser opening the copy from disk reads the file as what it is: the download name's
    own when it agrees with the type, else the type's."""
    if "." in local.rsplit("/", 1)[-1]:
        return local
    offered = PurePosixPath(download_name).suffix.lower()
    if offered and _canonical_suffix(offered) == _canonical_suffix(_EXTENSIONS.get(mimetype, "")) != "":
        return local + offered
    return local + (_EXTENSIONS.get(mimetype) or mimetypes.guess_extension(mimetype) or ".bin")


def _canonical_suffix(suffix: str) -> str:
    """One suffix per type ('' when unknown): .jpeg and .jpg, audio/wav and audio/x-wav alike."""
    guessed = mimetypes.guess_type(f"f{suffix}")[0] or ""
    return _EXTENSIONS.get(guessed, guessed)


def _references(element) -> list[tuple[str, str]]:
    """(attribute, URL) pairs of an element, one per srcset candidate."""
    found = [(a, element.get(a)) for a in _LINK_ATTRIBUTES if element.get(a) is not None]
    if element.get("srcset"):
        found += [("srcset", c.split()[0]) for c in element.get("srcset").split(",") if c.strip()]
    return found


def _site_path(url: str) -> str | None:
    """The path and query of a link to this site (/slug/...?x=1), None for another site's or
    a page-local one: a page with a query is a page of its own in the copy."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _query_file(local: str, query: str) -> str:
    """The copy's file for a page with a query: accepted.html?topic=Vision ->
    accepted-topic-vision-1a2b3c.html (readable, and distinct for distinct queries)."""
    stem, dot, suffix = local.rpartition(".")
    words = re.sub(r"[^a-z0-9]+", "-", unquote_plus(query).lower()).strip("-")[:40]
    digest = hashlib.sha1(query.encode()).hexdigest()[:6]
    return f"{stem if dot else local}-{words}-{digest}{dot}{suffix if dot else ''}"


def _choices(form) -> list[tuple[str, str, bool]] | None:
    """A GET form that only picks one value from a list (the accepted works' topic filter):
    (option text, URL, selected) per option; None for any other form. A static copy cannot
    run a form, so such a form becomes a list of links to one copied page per choice."""
    action = form.get("action") or ""
    selects = form.findall(".//select")
    others = [i for i in form.iter("input", "textarea") if (i.get("type") or "text") not in ("submit", "hidden")]
    if (form.get("method") or "get").lower() != "get" or len(selects) != 1 or others or not selects[0].get("name"):
        return None
    name = selects[0].get("name")
    found = []
    for option in selects[0].iter("option"):
        value = option.get("value", option.text or "")
        url = f"{action}?{urlencode({name: value})}" if value else action
        found.append(((option.text or value).strip(), url, option.get("selected") is not None))
    return found


def _choice_links(form, choices: list[tuple[str, str, bool]]):
    """The links that stand for a choice form in the copy, labelled as its label was."""
    label = form.find(".//label")
    nav = lxml_html.Element("nav", {"class": form.get("class") or "filter",
                                    "aria-label": (label.text_content().strip() if label is not None else "Filter")})
    nav.text = f"{nav.get('aria-label')}: "
    for index, (text, url, selected) in enumerate(choices):
        link = lxml_html.Element("a", {"href": url})
        link.text = text
        if selected:
            link.set("aria-current", "page")
        link.tail = " · " if index < len(choices) - 1 else ""
        nav.append(link)
    return nav


def _drop_link(element) -> None:
    """A link or form leading where the copy cannot go (log in, register, the site's index):
    a menu item or a button goes with it; a link in running text keeps its words."""
    parent = element.getparent()
    if element.tag == "a" and "button" not in (element.get("class") or "").split() and not (
            parent is not None and parent.tag == "li" and len(parent) == 1 and not (parent.text or "").strip()):
        element.tag = "span"
        for attr in ("href", "rel", "target"):
            element.attrib.pop(attr, None)
        return
    victim = parent if parent is not None and parent.tag == "li" and len(parent) == 1 else element
    victim.drop_tree()


def _rewrite(page: str, here: str, files: dict[str, str]) -> str:
    """Links, sources and form actions to copied pages and files become relative file links;
    anything else of the site's is dropped (never left as a dead href="#")."""
    doc = lxml_html.document_fromstring(page)
    for form in list(doc.iter("form")):
        choices = _choices(form)
        if choices and all(_site_path(url) in files for _, url, _ in choices):
            form.getparent().replace(form, _choice_links(form, choices))
    for element in list(doc.iter()):  # a list: dropping an element while walking the tree is safe
        for attr, url in _references(element):
            path = _site_path(url)
            if path is None:
                continue
            target = files.get(path)
            if target is None:
                if attr in ("href", "action") and element.tag in ("a", "form"):
                    _drop_link(element)
                else:
                    element.drop_tree()
                break
            fragment = urlsplit(url).fragment
            rel = os.path.relpath(target, os.path.dirname(here) or ".") + (f"#{fragment}" if fragment else "")
            if attr == "srcset":
                element.set("srcset", element.get("srcset").replace(url, rel))
            else:
                element.set(attr, rel)
    return "<!doctype html>\n" + lxml_html.tostring(doc, encoding="unicode", method="html")


def _links_in(page: str) -> list[str]:
    """Site paths a page refers to (links, sources, form actions, a choice form's choices)."""
    doc = lxml_html.document_fromstring(page)
    urls = [url for element in doc.iter() for _, url in _references(element)]
    urls += [url for form in doc.iter("form") for _, url, _ in (_choices(form) or ())]
    return [p for url in urls if (p := _site_path(url)) is not None]


def _crawl(slug: str) -> dict[str, tuple[str, bytes, str]]:
    """Every public page and file reachable from the event page, fetched as the public."""
    client = current_app.test_client()
    seen: dict[str, tuple[str, bytes, str]] = {}
    todo = deque([f"/{slug}/"])
    while todo:
        path = todo.popleft()
        bare, _, query = path.partition("?")
        local = _local_file(bare, slug)
        if path in seen or local is None:
            continue
        response = client.get(path)
        if response.status_code != 200:
            continue
        download = response.headers.get("Content-Disposition", "")
        name = re.search(r'filename="?([^";]+)"?', download)
        local = _with_extension(local, response.mimetype, name.group(1) if name else "")
        seen[path] = (_query_file(local, query) if query else local, response.data, response.mimetype)
        if response.mimetype == "text/html":
            todo.extend(_links_in(response.get_data(as_text=True)))
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
