"""The static HTML export is a site that works offline: a link checker walks every HTML file
and every href, src and form action resolves to a file of the export; no dead `href="#"`
is left where the live site had a login or register link; media keep their type."""

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from reviewhub.events.models import Topic
from reviewhub.extensions import db
from reviewhub.program import services
from tests import factories as f
from tests.program.helpers import add_file, decide, slot_titled
from tests.program.test_public import _released

WAV = (b"RIFF" + (36 + 8).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
       + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little")
       + (16000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
       + b"data" + (8).to_bytes(4, "little") + b"\0" * 8)
LINK_ATTRIBUTES = ("href", "src", "action", "poster", "data")


def check_links(root: Path) -> list[str]:
    """Every broken reference in the HTML files under `root`, as 'file: attr=value (why)'."""
    problems = []
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(lxml_html.parse(str(path)).getroot().xpath("//@id"))
        return ids[path]

    pages = sorted(root.rglob("*.html"))
    assert pages, "the export has no HTML file"
    for page in pages:
        where = page.relative_to(root)
        for element in lxml_html.parse(str(page)).getroot().iter():
            values = [(a, element.get(a)) for a in LINK_ATTRIBUTES if element.get(a) is not None]
            if element.get("srcset"):
                values += [("srcset", item.split()[0]) for item in element.get("srcset").split(",")]
            for attr, value in values:
                parts = urlsplit(value)
                if parts.scheme in ("http", "https", "mailto"):
                    continue
                if parts.scheme or parts.netloc or value.startswith("/"):
                    problems.append(f"{where}: {attr}={value!r} (not relative to the export)")
                    continue
                if value in ("", "#"):
                    problems.append(f"{where}: {attr}={value!r} (a dead link)")
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if root.resolve() not in target.parents or not target.is_file():
                    problems.append(f"{where}: {attr}={value!r} (no such file)")
                elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
                    problems.append(f"{where}: {attr}={value!r} (no element #{parts.fragment})")
    return problems


def _export(runner, tmp_path, slug) -> Path:
    out = tmp_path / "site"
    result = runner.invoke(args=["export-site", slug, str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    return out


def _with_topics(data) -> None:
    """Topics on the released works, so the accepted-works page has its topic filter form."""
    event = data["event"]
    for position, (work, name) in enumerate(zip(data["works"], ("Music & sound", "Vision"), strict=True)):
        topic = Topic(event_id=event.id, name=name, position=position)
        db.session.add(topic)
        work.topics.append(topic)
    services.release_schedule(event, by=data["org"])
    db.session.commit()


def test_every_link_asset_and_form_of_the_html_export_resolves(app, runner, tmp_path):
    data = _released()
    _with_topics(data)
    out = _export(runner, tmp_path, data["event"].slug)
    problems = check_links(out)
    assert problems == [], "\n".join(problems)
    html_text = " ".join(p.read_text() for p in out.rglob("*.html"))
    assert 'href="#"' not in html_text
    assert "/account/login" not in html_text and "/account/register" not in html_text
    accepted = lxml_html.parse(str(out / "program/accepted.html")).getroot()
    # The topic filter cannot run as a form on a static copy: it is one link per topic, each to
    # a copied page that lists that topic's works only.
    assert not accepted.findall(".//form")
    [nav] = accepted.xpath("//nav[@class='filter']")
    links = {a.text_content(): a.get("href") for a in nav.iter("a")}
    assert list(links) == ["All topics", "Music & sound", "Vision"] and links["All topics"] == "accepted.html"
    for topic, work in (("Music & sound", "Talk 0"), ("Vision", "Talk 1")):
        page = lxml_html.parse(str(out / "program" / links[topic])).getroot()
        shown = page.find(".//main").text_content()
        assert work in shown and ({"Talk 0", "Talk 1"} - {work}).pop() not in shown
        assert [a.text_content() for a in page.xpath("//nav[@class='filter']//a[@aria-current='page']")] == [topic]


def test_the_checker_finds_what_is_broken(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<html><body id="top"><a href="#">x</a><a href="../b.html">b</a><img src="/static/x.png">'
        '<form action="missing.html"></form><a href="#top">ok</a><a href="index.html#nope">f</a>'
        '<a href="https://example.org/">ext</a></body></html>')
    problems = check_links(tmp_path)
    assert len(problems) == 5, problems
    assert not any("#top" in p or "example.org" in p for p in problems)


def test_media_keep_their_extension_and_type(app, runner, tmp_path):
    data = _released()
    event = data["event"]
    sound = decide(f.make_submission(event, title="Sound work", type_key="creative"), "accept_poster")
    add_file(sound, kind="audio", purpose="media", data=WAV, content_type="audio/wav")
    services.place_poster(event, slot_titled(event, "Lunch Break & Poster Session"), by=data["org"],
                          submission_id=sound.id, board_number=8)
    services.release_schedule(event, by=data["org"])
    db.session.commit()
    out = _export(runner, tmp_path, event.slug)
    files = [p for p in out.rglob("*") if p.is_file() and "/files/" in str(p)]
    assert files and not [p for p in files if p.suffix == ".bin"], files
    by_suffix = {p.suffix for p in files}
    assert ".wav" in by_suffix and ".png" in by_suffix and ".pdf" in by_suffix, by_suffix
    wav = next(p for p in files if p.suffix == ".wav")
    assert wav.read_bytes() == WAV and mimetypes.guess_type(wav.name)[0] in ("audio/wav", "audio/x-wav")
    assert check_links(out) == []
    assert re.search(r'src="[^"]+\.wav"', " ".join(p.read_text() for p in out.rglob("*.html")))
