"""`reviewhub export-site`: the seed's Jekyll page with the release, and a static HTML copy."""

import re

from reviewhub.extensions import db
from tests.program.test_public import SECRET, _released


def test_export_jekyll_writes_seed_format_with_release_and_images(app, runner, tmp_path):
    data = _released()
    result = runner.invoke(args=["export-site", data["event"].slug, str(tmp_path), "--format", "jekyll"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.md").read_text()
    assert page.startswith("---\nlayout: default\n")
    headings = re.findall(r"^## \*\*(.+?)\*\*", page, re.M)
    assert headings == ["Important Dates", "Schedule", "Keynote Speakers", "Panelists", "Organizers", "Contact"]
    assert re.search(r"\| +11:00-11:15 \| Talk 0 +\| Author 0", page)
    assert "Draft secret slot" not in page and SECRET not in page
    images = list((tmp_path / "assets/imgs/speakers").iterdir())
    assert len(images) == 1 and images[0].name in page


def test_export_html_is_self_contained_with_relative_links(app, runner, tmp_path):
    data = _released()
    result = runner.invoke(args=["export-site", data["event"].slug, str(tmp_path), "--format", "html"])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text()
    assert 'href="program/index.html"' in index and "Talk 0" in index
    schedule = (tmp_path / "program/index.html").read_text()
    for link in re.findall(r'(?:href|src)="([^"#]+)"', schedule):
        if not link.startswith(("http://", "https://", "mailto:")):
            assert (tmp_path / "program" / link).resolve().is_file(), link
    assert (tmp_path / "static/style.css").is_file()
    everything = " ".join(p.read_text(errors="ignore") for p in tmp_path.rglob("*.html"))
    assert "Draft secret slot" not in everything and "Rejected secret work" not in everything


def test_export_refuses_hidden_program(app, runner, tmp_path):
    data = _released()
    data["event"].program_public = False
    db.session.commit()
    result = runner.invoke(args=["export-site", data["event"].slug, str(tmp_path)])
    assert result.exit_code != 0 and "hidden" in result.output
