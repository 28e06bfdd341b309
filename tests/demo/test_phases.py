"""Each demo phase, loaded into a fresh database, gives every role populated pages: what a
newcomer logging in as organizer, reviewer, author or visitor sees at that point of the story."""

import re

import pytest
import sqlalchemy as sa
from flask import url_for
from werkzeug.routing import BuildError

from reviewhub.accounts.models import User
from reviewhub.demo import DEMO_ACCOUNTS, load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.demo.phases import at_least
from reviewhub.extensions import db

ORGANIZER, REVIEWER, AUTHOR = (DEMO_ACCOUNTS[0][0], DEMO_ACCOUNTS[1][0], DEMO_ACCOUNTS[4][0])

# (who, endpoint, at least this many table body rows, text that must not appear: an empty state)
CFP = [
    ("public", "submissions.cfp", 0, "have not published the submission types"),
    ("organizer", "submissions.list", 20, None),
    ("author", "submissions.mine", 1, None),
    ("reviewer", "assignment.bids", 0, "There are no submissions to bid on yet."),
    ("reviewer", "assignment.profile", 0, None),
]
REVIEW = [
    ("organizer", "assignment.current", 20, None),
    ("reviewer", "reviewing.assignments", 2, "No submissions are assigned to you yet."),
    ("organizer", "reviewing.progress", 1, None),
    ("organizer", "reviewing.ranking", 10, None),
]
DECIDED = [
    ("organizer", "decisions.overview", 20, None),
    ("author", "decisions.mine", 0, "No decision on a submission of yours has been released yet."),
]
PROGRAM = [
    ("public", "events.show", 10, "The schedule will be published here once it is confirmed."),
    ("public", "program.schedule", 10, "The schedule will be published here once it is confirmed."),
    ("public", "program.accepted", 0, None),
]
EXPECTED = {
    "cfp": CFP,
    "review": CFP[1:3] + REVIEW,
    "decided": REVIEW[1:] + DECIDED,
    "program": DECIDED + PROGRAM,
}


def _client(login_as, who):
    if who == "public":
        return login_as(None)
    email = {"organizer": ORGANIZER, "reviewer": REVIEWER, "author": AUTHOR}[who]
    return login_as(db.session.scalar(sa.select(User).where(User.email == email)))


def _body_rows(html: str) -> int:
    tbodies = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return sum(len(re.findall(r"<tr[ >]", body)) for body in tbodies)


def _talk_links(html: str) -> list[str]:
    """The texts of the schedule's links to talk pages."""
    return [text.strip() for text in re.findall(r'<a href="[^"]*/talks/\d+">([^<]+)</a>', html)]


@pytest.mark.parametrize("phase", list(EXPECTED))
def test_each_role_sees_populated_pages(app, login_as, phase):
    load_demo(phase)
    db.session.commit()
    gaps = []
    for who, endpoint, min_rows, empty_text in EXPECTED[phase]:
        try:
            url = url_for(endpoint, slug=seed.SLUG)
        except BuildError:
            gaps.append(f"{who}: the page {endpoint} does not exist")
            continue
        response = _client(login_as, who).get(url)
        html = response.get_data(as_text=True)
        if response.status_code != 200:
            gaps.append(f"{who} {url}: status {response.status_code}")
        elif empty_text and empty_text in html:
            gaps.append(f"{who} {url}: shows {empty_text!r}")
        elif _body_rows(html) < min_rows:
            gaps.append(f"{who} {url}: {_body_rows(html)} table rows, expected at least {min_rows}")
    if at_least(phase, "decided"):
        html = _client(login_as, "author").get(url_for("decisions.mine", slug=seed.SLUG)).get_data(as_text=True)
        if "<h4>" not in html:
            gaps.append("author decisions page: no review shown with the released decision")
    if phase == "program":
        html = login_as(None).get(url_for("events.show", slug=seed.SLUG)).get_data(as_text=True)
        talks = [t for t in _talk_links(html) if not t.startswith(("Contributed Talk", "Lunch"))]
        if not talks:
            gaps.append("public event page: no accepted talk in the schedule table")
    assert not gaps, f"demo phase {phase!r} leaves pages empty:\n" + "\n".join(gaps)
