"""An event run with an area chair, in a real browser: the organizer turns the committee on and
invites an AC by mail; the AC joins through the mailed link, lands on their console, writes the
meta-review; the organizer accepts the AC's recommendation and releases; the author reads the
decision with the meta-review, and no AC name."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SLUG = "committee-e2e"
META = "The reviewers agree this is original; tighten the related work."


def _world(server):
    """The event, an author's submission and a submitted review, made through the services
    (the reviewer and author flows have their own browser tests)."""
    from reviewhub.accounts.services import create_user
    from reviewhub.assignment import numbering
    from reviewhub.assignment.models import Assignment
    from reviewhub.events import services as events
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.models import Review
    from reviewhub.submissions.models import Authorship, Submission, SubmissionType

    with server.app().app_context():
        organizer = create_user(email="pc@committee.example.org", name="Pia Chair-of-Program",
                                affiliation="", password="correct horse battery", confirmed=True)
        event = events.create_event(by=organizer, slug=SLUG, name="Committee Conference", double_blind=True)
        author = create_user(email="author@committee.example.org", name="Arno Author", affiliation="",
                             password="correct horse battery", confirmed=True)
        reviewer = create_user(email="rev@committee.example.org", name="Rhea Reviewer", affiliation="",
                               password="correct horse battery", confirmed=True)
        events.add_member(event, reviewer, "reviewer", by=organizer)
        kind = SubmissionType(event_id=event.id, key="paper", name="Paper", allowed_kinds=["pdf"], required_kinds=[])
        db.session.add(kind)
        db.session.flush()
        sub = Submission(event_id=event.id, number=1, type_id=kind.id, title="Sketches that dream",
                         abstract_md="An abstract.", status="submitted", submitted_at=utcnow(),
                         created_by_id=author.id)
        db.session.add(sub)
        db.session.flush()
        db.session.add(Authorship(submission_id=sub.id, position=0, name=author.name, email=author.email,
                                  affiliation="", user_id=author.id, is_contact=True))
        assignment = Assignment(submission_id=sub.id, user_id=reviewer.id,
                                reviewer_number=numbering.reserve_one(sub.id))
        db.session.add(assignment)
        db.session.flush()
        db.session.add(Review(assignment_id=assignment.id, answers={"overall": 4}, overall=4,
                              status="submitted", submitted_at=utcnow()))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) >= 1


def test_area_chair_event_from_invitation_to_decision(browsing, server):
    _world(server)
    organizer = browsing.person("Pia Chair-of-Program", "pc@committee.example.org")
    chair = browsing.person("Cleo Chair", "cleo@committee.example.org")
    author = browsing.person("Arno Author", "author@committee.example.org")
    base = f"/{SLUG}"

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

    chair.logout()
    chair.login()  # an AC lands on their console
    expect(chair.page.get_by_role("heading", level=1)).to_contain_text("Area chair console")
    chair.sees("Sketches that dream")
    chair.sees("Rhea Reviewer")  # chairs see reviewers by name
    chair.page.get_by_role("link", name=re.compile("^none")).click()
    chair.page.get_by_label("Recommendation").select_option(label="Accept — contributed talk")
    chair.page.get_by_label("To the authors (Markdown)").fill(META)
    chair.page.get_by_label("Confidential, to the organizers (Markdown)").fill("Only one review so far.")
    chair.page.get_by_label("Submit (a draft").check()
    chair.click("Save")
    expect(chair.page.locator(".flash")).to_contain_text("meta-review is submitted")
    chair.shot("committee-02-meta-review")

    organizer.go(base + "/decisions/")
    organizer.sees("Accept — contributed talk")
    organizer.click("Accept all AC recommendations")
    expect(organizer.page.locator(".flash")).to_contain_text("1 submission(s) decided")
    organizer.click("Review and release…", role="link")
    organizer.page.get_by_role("button", name=re.compile("Release")).first.click()
    expect(organizer.page.locator(".flash")).to_contain_text("Released")

    mail = author.inbox("is accepted")
    assert META in mail.text and "Cleo" not in mail.text and "Only one review" not in mail.text
    author.login()
    author.go(base + "/decisions/mine")
    author.sees("Meta-review")
    author.sees(META)
    expect(author.page.get_by_text("Cleo Chair")).to_have_count(0)
    author.shot("committee-03-author-decision")
    browsing.check_clean()
