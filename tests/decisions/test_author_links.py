"""Issue 18 point 6: an author reaches the decision, the reviews, the camera-ready upload and
the presentation confirmation from My submissions, the submission page and the event menu,
not only through the mailed link; and only once the decision is released."""

import re

import pytest

from reviewhub.decisions import services
from reviewhub.extensions import db
from tests import factories as f


@pytest.fixture
def world(app):
    organizer = f.make_user(name="Olivia Organizer")
    event = f.make_event(organizer=organizer, name="GenAI Workshop", reviews_visible_to_authors=True)
    talk, _poster, reject = services.ensure_default_outcomes(event)
    author, stranger = f.make_user(name="Ada"), f.make_user(name="Sam")
    accepted = f.make_submission(event, author=author, title="Dreams")
    rejected = f.make_submission(event, author=author, title="Nightmares")
    services.decide(accepted, talk, by=organizer)
    services.decide(rejected, reject, by=organizer)
    db.session.commit()
    return dict(event=event, organizer=organizer, author=author, stranger=stranger,
                accepted=accepted, rejected=rejected)


def _pages(w):
    slug = w["event"].slug
    return {
        "mine": f"/{slug}/submissions/mine",
        "accepted": f"/{slug}/submissions/{w['accepted'].id}",
        "rejected": f"/{slug}/submissions/{w['rejected'].id}",
        "event": f"/{slug}/",
    }


def _decision_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*/decisions/mine[^"]*)"', html)


def test_no_decision_link_anywhere_before_release(world, login_as):
    client = login_as(world["author"])
    for url in _pages(world).values():
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        assert _decision_links(html) == [], url
        assert "Accept — contributed talk" not in html and "My decisions" not in html


def test_after_release_every_page_links_to_the_decision_and_the_links_answer(world, login_as):
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    client = login_as(world["author"])
    pages = {name: client.get(url).get_data(as_text=True) for name, url in _pages(world).items()}
    sid, rid = world["accepted"].id, world["rejected"].id
    mine = pages["mine"]
    assert "Accept — contributed talk" in mine and "Reject" in mine  # the outcome, in the list
    assert f"#s{sid}-final" in mine and f"#s{sid}-confirm" in mine and f"#s{sid}-h" in mine
    assert f"#s{rid}-h" in mine and f"#s{rid}-final" not in mine  # a rejected work has no upload
    accepted = pages["accepted"]
    assert "Camera-ready upload" in accepted and "Confirm the presentation" in accepted
    assert "Decision and reviews" in accepted
    assert "Camera-ready upload" not in pages["rejected"] and "Reject" in pages["rejected"]
    assert "My decisions" in pages["event"] and "My decisions" in mine
    targets = {link for html in pages.values() for link in _decision_links(html)}
    assert targets
    for link in targets:
        path, _, anchor = link.partition("#")
        page = client.get(path)
        assert page.status_code == 200, link
        if anchor:
            assert f'id="{anchor}"' in page.get_data(as_text=True), link


def test_the_menu_link_is_only_for_authors_with_a_released_decision(world, login_as):
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    event_page = _pages(world)["event"]
    assert "My decisions" not in login_as(world["stranger"]).get(event_page).get_data(as_text=True)
    assert "My decisions" not in login_as(None).get(event_page).get_data(as_text=True)
    assert "My decisions" in login_as(world["author"]).get(event_page).get_data(as_text=True)


def test_an_organizer_does_not_see_the_authors_decision_links_on_the_submission(world, login_as):
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    html = login_as(world["organizer"]).get(_pages(world)["accepted"]).get_data(as_text=True)
    assert _decision_links(html) == []
