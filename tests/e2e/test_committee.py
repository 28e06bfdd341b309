"""An event run with an area chair, from invitation to decision with an author response, in a
real browser: the organizer turns the committee on and invites an AC by mail; the AC joins
through the mailed link and is assigned; the reviewer reviews; the organizer opens the response
period; the author writes the response (word limit counted live and enforced by the server); the
reviewer, told by mail, updates the review; the AC sees the score before and after and writes the
meta-review; the organizer accepts the AC's recommendation and releases; the author reads the
decision with the meta-review, and no AC or reviewer name."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SLUG = "committee-e2e"
PASSWORD = "correct horse battery"
META = "The reviewers agree this is original; tighten the related work."
TOO_LONG = "We thank the reviewer and added three new experiments with user studies and ablations today."
RESPONSE = "We added three new experiments with **user studies**, see section 5."


def _world(server) -> int:
    """The event, an author's submission and its assigned reviewer, made through the services
    (recruiting reviewers and submitting have their own browser tests). Returns the submission id."""
    from reviewhub.decisions.services import ensure_default_outcomes
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.form_services import ensure_default_forms
    from tests import factories as f

    with server.app().app_context():
        organizer = f.make_user(email="pc@committee.example.org", name="Pia Chair-of-Program", password=PASSWORD)
        event = f.make_event(slug=SLUG, name="Committee Conference", organizer=organizer, cfp_open=False,
                             review_deadline_at=utcnow() + timedelta(days=1))
        author = f.make_user(email="author@committee.example.org", name="Arno Author", password=PASSWORD)
        reviewer = f.make_user(email="rev@committee.example.org", name="Rhea Reviewer", password=PASSWORD)
        f.add_role(event, reviewer, "reviewer")
        submission = f.make_submission(event, author=author, title="Sketches that dream")
        f.make_assignment(submission, reviewer)
        ensure_default_forms(event)
        ensure_default_outcomes(event)
        db.session.commit()
        return submission.id


def _time_passes(server) -> str:
    """The review deadline passes (the server's clock judges it; here the deadline moves).
    Returns the event's zone, in which the organizer types the response period."""
    from reviewhub.events.models import Event
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow

    with server.app().app_context():
        event = db.session.query(Event).filter_by(slug=SLUG).one()
        event.review_deadline_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
        return event.timezone


def _local(zone: str, hours: int) -> str:
    from reviewhub.models_base import utcnow
    from reviewhub.timeutil import to_local

    return to_local(utcnow() + timedelta(hours=hours), zone).strftime("%Y-%m-%dT%H:%M")


def _committee_on_and_chair_joins(organizer, chair, base):
    organizer.login()
    organizer.go(base + "/manage/settings")
    organizer.click("committee settings", role="link")
    page = organizer.page
    page.get_by_label("Area chairs: each submission has one AC who watches its reviews").check()
    page.get_by_label("Meta-reviews: a recommendation, a text to authors, a confidential text").check()
    page.get_by_label("Authors read the meta-review's text to authors with the decision").check()
    organizer.click("Save the committee settings")
    expect(page.locator(".flash")).to_contain_text("committee settings are saved")
    organizer.click("Area chairs and senior area chairs", role="link")
    form = organizer.form("Send invitation")
    form.get_by_label("Name").fill(chair.name)
    form.get_by_label("Email").fill(chair.email)
    form.get_by_label("Role").select_option("area_chair")
    form.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".flash")).to_contain_text("invited as area chair")

    mail = chair.inbox("area chair")
    chair.follow(mail.link("answer=accept"))
    chair.click("Create an account", role="link")
    chair.page.get_by_label("Full name").fill(chair.name)
    chair.page.get_by_label("Email").fill(chair.email)
    chair.page.get_by_label("Password", exact=True).fill(chair.password)
    chair.page.get_by_label("Password again").fill(chair.password)
    chair.click("Create account")
    chair.confirm_email()  # registering signs nobody in: the mailed confirmation link does
    chair.click("Accept and join as area chair")
    expect(chair.page.locator(".flash")).to_contain_text("as area chair")
    chair.shot("committee-01-ac-console-empty")

    organizer.go(base + "/committee/chairs")
    form = organizer.form("Set area chair")
    form.get_by_label("Submission #").fill("1")
    form.get_by_label("Area chair").select_option(label="Cleo Chair (cleo@committee.example.org)")
    form.get_by_role("button", name="Set area chair").click()
    expect(organizer.page.locator(".flash")).to_contain_text("Area chair of #1 set.")


def _reviewer_reviews(reviewer, base, sid):
    reviewer.login()
    reviewer.go(f"{base}/reviews/{sid}")
    reviewer.click("Write my review", role="link")
    page = reviewer.page
    levels = {"Overall recommendation": "2: weak reject", "Reviewer confidence": "4: confident"}
    for group in page.locator("fieldset").all():
        legend = group.locator("legend").inner_text()
        group.get_by_label(next((v for k, v in levels.items() if legend.startswith(k)), "4: very good"),
                           exact=True).check()
    page.get_by_label("Comments to the authors", exact=True).fill("The evaluation is too thin.")
    reviewer.click("Submit review")
    expect(page.locator(".flash")).to_contain_text("Your review is submitted.")


def _organizer_opens_the_response_period(organizer, base, zone):
    organizer.go(base + "/reviews/process")
    page = organizer.page
    page.get_by_label("Author-response period").check()
    page.get_by_label("Response period starts").fill(_local(zone, -1))
    page.get_by_label("Response deadline").fill(_local(zone, 48))
    page.get_by_label("Word limit of a response (and of each reply)").fill("12")
    organizer.click("Save")
    expect(page.locator(".flash")).to_contain_text("review-process settings are saved")


def _author_responds(author, base, sid):
    author.login()
    author.go(f"{base}/submissions/{sid}")
    author.click("Author response to the reviews", role="link")
    page = author.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Response to the reviews")
    author.sees("The evaluation is too thin.")
    author.sees("Scores are hidden")
    body = page.get_by_label("Response to all reviewers (Markdown)")
    count = page.locator("#body-count")
    expect(count).to_have_text("0 of 12 words")
    body.fill(TOO_LONG)
    expect(count).to_contain_text("15 of 12 words: 3 over the limit")
    expect(count).to_have_class("hint word-count over")
    author.shot("response-over-limit")
    author.click("Save response")  # the server refuses it too, and keeps the text
    expect(page.locator("#body-error")).to_contain_text("15 words: the limit is 12")
    expect(body).to_have_value(TOO_LONG)
    body.fill(RESPONSE)
    expect(count).to_have_text("11 of 12 words")
    author.click("Save response")
    assert "Your response is saved" in author.flash()
    author.shot("response-saved")


def _reviewer_updates_the_review(reviewer):
    mail = reviewer.inbox("responded to the reviews")
    assert "Arno" not in mail.text
    reviewer.follow(mail.link())
    reviewer.sees("We added three new experiments with")
    expect(reviewer.page.locator("#response strong")).to_have_text("user studies")
    reviewer.click("Open my review (submitted)", role="link")
    reviewer.sees("you may update your review")
    reviewer.page.get_by_role("radio", name="4: weak accept").first.check()
    reviewer.click("Save changes")
    assert "submitted" in reviewer.flash()


def _chair_writes_the_meta_review(chair, base, sid):
    chair.logout()
    chair.login()  # an AC lands on their console
    page = chair.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Area chair console")
    chair.sees("Sketches that dream")
    chair.sees("Rhea Reviewer")  # chairs see reviewers by name
    chair.sees("11 words")  # the author response, on the console
    chair.go(f"{base}/reviews/{sid}")
    chair.sees("updated after response")
    expect(page.locator(".score-change")).to_have_text("Overall score before the response: 2, now: 4")
    expect(page.get_by_text("Arno Author")).to_have_count(0)
    chair.shot("committee-02-ac-score-change")
    chair.go(f"{base}/committee/")
    page.get_by_role("link", name=re.compile("^none")).click()
    page.get_by_label("Recommendation").select_option(label="Accept — contributed talk")
    page.get_by_label("To the authors (Markdown)").fill(META)
    page.get_by_label("Confidential, to the organizers (Markdown)").fill("The response settled it.")
    page.get_by_label("Submit (a draft").check()
    chair.click("Save")
    expect(page.locator(".flash")).to_contain_text("meta-review is submitted")
    chair.shot("committee-03-meta-review")


def test_area_chair_event_from_invitation_to_decision_with_a_response(browsing, server):
    sid = _world(server)
    organizer = browsing.person("Pia Chair-of-Program", "pc@committee.example.org", PASSWORD)
    chair = browsing.person("Cleo Chair", "cleo@committee.example.org")
    author = browsing.person("Arno Author", "author@committee.example.org", PASSWORD)
    reviewer = browsing.person("Rhea Reviewer", "rev@committee.example.org", PASSWORD)
    base = f"/{SLUG}"

    _committee_on_and_chair_joins(organizer, chair, base)
    _reviewer_reviews(reviewer, base, sid)
    zone = _time_passes(server)
    _organizer_opens_the_response_period(organizer, base, zone)
    _author_responds(author, base, sid)
    _reviewer_updates_the_review(reviewer)
    _chair_writes_the_meta_review(chair, base, sid)

    organizer.go(base + "/decisions/")
    organizer.sees("Accept — contributed talk")
    organizer.click("Accept all AC recommendations")
    expect(organizer.page.locator(".flash")).to_contain_text("1 submission(s) decided")
    organizer.click("Review and release…", role="link")
    organizer.page.get_by_role("button", name=re.compile("Release")).first.click()
    expect(organizer.page.locator(".flash")).to_contain_text("Released")

    mail = author.inbox("is accepted")
    assert META in mail.text and "Cleo" not in mail.text and "settled it" not in mail.text
    author.go(base + "/decisions/mine")
    author.sees("Meta-review")
    author.sees(META)
    for name in ("Cleo Chair", "Rhea Reviewer"):
        expect(author.page.get_by_text(name)).to_have_count(0)
    author.shot("committee-04-author-decision")
    browsing.check_clean()
