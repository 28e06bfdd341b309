"""The Jekyll export, built by real Jekyll (Debian's `jekyll`), on an event whose texts carry
every character Liquid, kramdown or HTML would read as markup: the site builds, no Liquid in
any text is evaluated, and every title, name and bio comes out as the text that was typed."""

import re
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from reviewhub.extensions import db
from reviewhub.program import services
from tests import factories as f
from tests.program.helpers import decide, program_event, slot_titled
from tests.scale_support import unavailable

# {{ }} and {% %} (one that would end a raw block, one unknown tag that breaks a build),
# Markdown (emphasis, code, link, strike, math, heading, table pipe) and HTML.
SPECIAL = ('{{ site.time }} {% endraw %} {% nope %} {%- raw -%} *em* _u_ **b** `code` '
           '[link](https://evil.example) ~~s~~ $$x$$ # | <b>bold</b> <script>alert(1)</script> '
           '&amp; & "q" \'a\' -- ... \\ ^ : > end')
LAYOUT = ("<!doctype html><html><head><title>{{ page.title | escape }}</title></head>"
          "<body>{{ content }}</body></html>\n")


def _jekyll() -> str:
    found = shutil.which("jekyll")
    if found is None:
        unavailable("jekyll is not installed (apt-get install -y jekyll)")
    return found


def _text(node) -> str:
    return " ".join(node.text_content().split())


def test_real_jekyll_builds_the_export_and_shows_every_text_as_typed(app, runner, tmp_path):
    jekyll = _jekyll()
    org = f.make_user(name="Olga Org")
    event = program_event(org, name=f"Workshop {SPECIAL}", tagline=f"Tagline {SPECIAL}")
    keynote = services.create_speaker(event, by=org, kind="keynote", name=f"Kay {SPECIAL}",
                                      affiliation=f"Lab {SPECIAL}", bio_md=f"is currently {SPECIAL}")
    slot_titled(event, "Invited Talk 1").speakers = [keynote]
    author = f.make_user(name=f"Ada {SPECIAL}", email="ada@uni.example.org")
    work = decide(f.make_submission(event, author=author, title=f"Talk {SPECIAL}"), "accept_talk")
    slot = slot_titled(event, "Contributed Talk 1")
    services.save_slot(event, slot, by=org, kind="contributed_talk", title=slot.title,
                       start_at=slot.start_at, end_at=slot.end_at, submission_id=work.id)
    services.release_schedule(event, by=org)
    db.session.commit()

    site = tmp_path / "site"
    result = runner.invoke(args=["export-site", event.slug, str(site), "--format", "jekyll"])
    assert result.exit_code == 0, result.output
    (site / "_layouts").mkdir()
    (site / "_layouts" / "default.html").write_text(LAYOUT)
    (site / "_config.yml").write_text("markdown: kramdown\n")
    built = subprocess.run([jekyll, "build", "--safe", "--source", str(site), "--destination",
                            str(tmp_path / "out")], capture_output=True, text=True, timeout=300,
                           cwd=tmp_path)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]

    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    typed = " ".join(SPECIAL.split())
    assert _text(tree.find(".//title")) == f"Workshop {typed}"
    cells = [_text(td) for td in tree.iter("td")]
    assert f"Talk {typed}" in cells, [c for c in cells if c.startswith("Talk")]  # the talk's title, as typed, in the schedule table
    assert any(c.startswith("Ada ") and c == f"Ada {typed}" for c in cells), cells
    assert f"Kay {typed}" in _text(tree)
    assert f"is currently {typed}" in _text(tree)
    assert f"Lab {typed}" in _text(tree)
    # Nothing was evaluated or became markup: no Liquid output, no tag from any text.
    assert "{{ site.time }}" in _text(tree) and not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", page)
    body = tree.find(".//body")
    assert not body.findall(".//script") and not body.findall(".//em") and not body.findall(".//del")
    assert not [a for a in body.iter("a") if "evil.example" in (a.get("href") or "")]
    assert not [b for b in body.iter("b") if _text(b) == "bold"]
    assert not [s for s in body.iter("strong") if _text(s) == "b"]
    assert not body.findall(".//code")


@pytest.mark.parametrize("title", ["{% x %}", "{{ x", "{% endraw %}{% x %}", "{%- endraw -%}"])
def test_each_liquid_opening_alone_builds(app, runner, tmp_path, title):
    jekyll = _jekyll()
    event = program_event(f.make_user(), name=title)
    work = decide(f.make_submission(event, title=title), "accept_talk")
    slot = slot_titled(event, "Contributed Talk 1")
    services.save_slot(event, slot, by=None, kind="contributed_talk", title=slot.title,
                       start_at=slot.start_at, end_at=slot.end_at, submission_id=work.id)
    services.release_schedule(event, by=None)
    db.session.commit()
    site = tmp_path / "site"
    assert runner.invoke(args=["export-site", event.slug, str(site)]).exit_code == 0
    (site / "_layouts").mkdir()
    (site / "_layouts" / "default.html").write_text(LAYOUT)
    built = subprocess.run([jekyll, "build", "--safe", "--source", str(site), "--destination",
                            str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    cells = [_text(td) for td in lxml_html.fromstring((tmp_path / "out" / "index.html").read_bytes()).iter("td")]
    assert title in cells
