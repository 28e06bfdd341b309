"""The demo builds the seed workshop's page from data, and loading it twice changes nothing."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.demo import load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.events.models import Event
from reviewhub.extensions import db

SEED_PAGE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "neurips2024-genai-creativity.md"


@pytest.fixture
def seed_markdown() -> str:
    if not SEED_PAGE.exists():
        pytest.fail(f"the seed page is missing: looked for {SEED_PAGE}")
    return SEED_PAGE.read_text(encoding="utf-8")


def test_seed_data_carries_the_seed_pages_content(seed_markdown):
    for line in seed.DESCRIPTION.splitlines():
        assert line.strip() in seed_markdown
    topics = re.findall(r"^- (.+)$", seed_markdown, flags=re.M)
    assert topics == seed.TOPICS
    assert f"title: {seed.NAME}" in seed_markdown and f"description: {seed.TAGLINE}" in seed_markdown
    assert seed.CONTACT in seed_markdown
    assert seed.KEYNOTES[0]["bio_md"][:80] in seed_markdown
    for organizer in seed.ORGANIZERS:
        assert organizer["name"] in seed_markdown
    times = re.findall(r"\|\s+(\d+:\d\d)-(\d+:\d\d) \| (.+?)\s+\|", seed_markdown)
    assert [(a, b, t) for a, b, t in times] == [(a, b, t) for a, b, _, t in seed.DAY]


def test_demo_event_page_shows_every_section_of_the_seed(app, client):
    load_demo("cfp")
    db.session.commit()
    html = client.get(f"/{seed.SLUG}/").data.decode()
    for heading in ("Important Dates", "Schedule", "Keynote Speakers", "Panelists", "Organizers", "Contact"):
        assert f">{heading}</h2>" in html
    for topic in seed.TOPICS:
        assert topic.replace('"', "&#34;") in html or topic in html
    assert "Anna Huang" in html and "Music Transformer" in html and "Google DeepMind" in html
    assert "Hugo Berard" in html and "Yaim Cooper" in html and "Holden Lee" in html
    assert "creativity.ai.neurips@gmail.com" in html
    assert 'alt="Photo of Anna Huang"' in html


def test_loading_the_demo_twice_does_not_duplicate(app):
    first = load_demo("cfp")
    db.session.commit()
    second = load_demo("cfp")
    db.session.commit()
    assert first["created"] and not second["created"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) >= 6
    emails = [u.email for u in db.session.scalars(sa.select(User))]
    assert len(emails) == len(set(emails))


def test_demo_logins_work(app):
    result = load_demo("cfp")
    db.session.commit()
    client = app.test_client()
    role, email = result["logins"][0]
    response = client.post("/account/login", data={"email": email, "password": result["password"]})
    assert response.status_code == 302
    assert client.get(f"/{seed.SLUG}/manage/settings").status_code == 200
