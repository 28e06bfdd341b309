"""The event page and the Jekyll export carry every part of the seed page
(shared/seed/neurips2024-genai-creativity.md), checked against the seed file's own text: the
sentence introducing the topics and the list, the invitation to creative submissions, the
note that the schedule is tentative, and the keynote's biography as written."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from reviewhub.demo import load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.events.page import bio_markdown, intro_markdown, split_call
from reviewhub.extensions import db
from tests.scale_support import unavailable

SEED_PAGE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "neurips2024-genai-creativity.md"
LAYOUT = "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ page.title | escape }}</title></head><body>{{ content }}</body></html>\n"


def _words(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').replace("’", "'").split())


@pytest.fixture(scope="module")
def seed_parts() -> list[str]:
    """The parts, in the seed page's order, as its text reads (Markdown removed)."""
    if not SEED_PAGE.is_file():
        pytest.fail(f"the seed page is missing: looked for {SEED_PAGE}")
    text = SEED_PAGE.read_text(encoding="utf-8")
    intro = re.search(r"^(The workshop will cover .*:)$", text, re.M).group(1)
    topics = re.findall(r"^- (.+)$", text, re.M)
    creative = re.search(r"^(We also invite creative submissions.*)$", text, re.M).group(1)
    note = re.search(r"^(The following schedule is tentative.*)$", text, re.M).group(1)
    bio_block = re.search(r'<div class="bio-text">(.*?)</div>', text, re.S).group(1)
    bio = _words(lxml_html.fragment_fromstring(bio_block, create_parent="div").text_content())
    assert bio.startswith("Anna Huang is currently")
    return [intro, *topics, creative, note, bio]


def _in_order(page_text: str, parts: list[str]) -> None:
    text, at = _words(page_text), 0
    for part in parts:
        found = text.find(_words(part), at)
        assert found >= 0, f"missing or out of order: {part[:80]!r} in {text[at:at + 600]!r}"
        at = found + len(_words(part))


@pytest.mark.parametrize("phase", ["cfp", "program"])
def test_the_event_page_carries_every_part_of_the_seed(app, client, seed_parts, phase):
    load_demo(phase)
    db.session.commit()
    page = client.get(f"/{seed.SLUG}/").get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    _in_order(tree.find(".//main").text_content() if tree.find(".//main") is not None else tree.text_content(),
              seed_parts)
    items = [_words(li.text_content()) for li in tree.xpath("//section[@class='topics']//li")]
    assert items == [_words(t) for t in seed.TOPICS]


def test_the_jekyll_export_carries_every_part_and_real_jekyll_shows_them(app, runner, seed_parts, tmp_path):
    load_demo("program")
    db.session.commit()
    site = tmp_path / "site"
    result = runner.invoke(args=["export-site", seed.SLUG, str(site), "--format", "jekyll"])
    assert result.exit_code == 0, result.output
    markdown = (site / "index.md").read_text(encoding="utf-8")
    seed_text = SEED_PAGE.read_text(encoding="utf-8")
    for line in ("The workshop will cover a broad range of topics, including:",
                 seed_text.split("We also invite", 1)[1].split("\n", 1)[0], seed.SCHEDULE_NOTE):
        assert line in markdown
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        unavailable("jekyll is not installed (apt-get install -y jekyll)")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "default.html").write_text(LAYOUT)
    built = subprocess.run([jekyll, "build", "--safe", "--source", str(site), "--destination",
                            str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    tree = lxml_html.fromstring((tmp_path / "out" / "index.html").read_bytes())
    _in_order(tree.text_content(), seed_parts)
    items = [_words(li.text_content()) for li in tree.iter("li")]
    assert items == [_words(t) for t in seed.TOPICS]


def test_split_call_places_the_list_after_the_paragraph_that_introduces_it():
    assert split_call("Intro.\n\nTopics include:\n\nAlso art.") == ("Intro.\n\nTopics include:", "Also art.")
    assert split_call("No list intro.\n\nMore.") == ("No list intro.\n\nMore.", "")
    assert split_call("") == ("", "")
    assert intro_markdown("Desc.", "Topics:\n\nAfter.", ["a", "b"]) == "Desc.\n\nTopics:\n\n- a\n- b\n\nAfter."


def test_a_bio_that_continues_the_name_reads_as_written():
    assert bio_markdown("Anna Huang", "is currently a scientist.") == "**Anna Huang** is currently a scientist."
    assert bio_markdown("Bob *B*", "works on art.") == r"**Bob \*B\*** works on art."
    assert bio_markdown("Ada", "She builds engines.") == "She builds engines."


def test_the_call_page_puts_the_topics_where_the_call_introduces_them(app, client, seed_parts):
    load_demo("cfp")
    db.session.commit()
    tree = lxml_html.fromstring(client.get(f"/{seed.SLUG}/cfp").get_data(as_text=True))
    _in_order(tree.find(".//main").text_content(), seed_parts[:len(seed.TOPICS) + 2])
