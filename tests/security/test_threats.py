"""Threats against who sees what: double-blind identity, id walking, files, reviews, release."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.decisions.models import Decision
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.models import Review
from tests import factories as f
from tests.access.rules import all_rules
from tests.access.state import changed_tables, fingerprint
from tests.security.helpers import IDENTITY, SURNAME, identified_world, leaked_identity

REVIEW = {"q_overall": "4", "q_confidence": "3", "q_originality": "4", "q_technical_quality": "3",
          "q_clarity": "4", "q_relevance": "5", "q_comments_to_authors": "Kestrel-marmalade remark.",
          "version": "0", "action": "submit"}

# Pages a reviewer may open in which the world's submission may show (program pages list
# accepted works, which are public with their authors by design, so they are not here).
REVIEWER_PAGES = [r for r in all_rules() if r.method == "GET" and "reviewer_assigned" in r.allowed
                  and r.path.startswith("/{slug}") and not r.endpoint.startswith("program.")]


@pytest.mark.parametrize("access_rule", REVIEWER_PAGES, ids=lambda r: f"{r.id} {r.path}")
def test_reviewer_pages_files_and_search_show_no_author_identity(app, login_as, access_rule):
    world = identified_world()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    values = {**world.values(), "file_id": world.extra.get("file_id")}
    if "{file_id}" in access_rule.path:  # our file, named after the author
        values["file_id"] = db.session.scalar(sa.text(
            "select id from submission_files where original_name = :n"), {"n": IDENTITY["file_name"]})
    path = access_rule.path.format(**values)
    client = login_as(world.users["reviewer_assigned"])
    for url in (path, f"{path}{'&' if '?' in path else '?'}q={SURNAME}"):
        response = client.get(url, headers={"Accept": "text/html,application/json"})
        assert response.status_code < 400, url
        shown = response.get_data(as_text=False).decode("utf-8", "replace") + str(response.headers)
        assert not leaked_identity(shown), f"{url} shows {leaked_identity(shown)} to a reviewer"


def test_the_identity_check_can_fail_single_blind_shows_authors(app, login_as):
    world = identified_world()
    world.event.double_blind = False
    db.session.commit()
    page = login_as(world.users["reviewer_assigned"]).get(f"/{world.slug}/reviews/{world.submission.id}")
    assert page.status_code == 200 and leaked_identity(page.get_data(as_text=True))


def _walk_urls(world) -> dict[str, str]:
    """Object URLs by kind, with {id} for the walked id (other ids fixed)."""
    ensure_default_forms(world.event)
    review = _submit_review(world)
    version = db.session.scalar(sa.text("select min(id) from review_versions"))
    file_id = world.extra["file_id"]
    row = OutboxMessage(event_id=world.event.id, kind="decisions/reject", to_email="a@example.org",
                        subject="s", body_text="b", dedupe_key="walk", message_id="<w@x>",
                        status="failed", last_error="550")
    db.session.add(row)
    db.session.commit()
    s, sid = world.slug, world.submission.id
    return {
        "submission": (f"/{s}/reviews/{{id}}", sid),
        "submission decision": (f"/{s}/decisions/submissions/{{id}}", sid),
        "submission mail log": (f"/{s}/mail/submissions/{{id}}", sid),
        "file": (f"/{s}/reviews/{sid}/files/{{id}}", file_id),
        "review": (f"/{s}/reviews/review/{{id}}/versions/{version}/restore", review.id),
        "review version": (f"/{s}/reviews/review/{review.id}/versions/{{id}}/restore", version),
        "comment thread": (f"/{s}/reviews/{{id}}/comments", sid),
        "outbox message": (f"/{s}/mail/{{id}}/retry", row.id),
        "published file": (f"/{s}/program/works/{sid}/files/{{id}}", file_id),
        "submission page": (f"/{s}/submissions/{{id}}", sid),
        "submission file": (f"/{s}/submissions/{sid}/files/{{id}}", file_id),
        "submission edit": (f"/{s}/submissions/{{id}}/edit", sid),
        "submission withdraw": (f"/{s}/submissions/{{id}}/withdraw", sid),
    }


def _submit_review(world) -> Review:
    from reviewhub.reviewing import services

    review = services.save_review(world.assignment, by=world.users["reviewer_assigned"], submit=True,
                                  expected_version=0, raw={k[2:]: v for k, v in REVIEW.items() if k.startswith("q_")})
    db.session.commit()
    return review


@pytest.mark.parametrize("walker", ["public", "stranger", "other_author", "reviewer_unassigned",
                                    "reviewer_conflicted", "organizer_conflicted", "other_organizer"])
def test_walking_ids_answers_the_same_for_forbidden_and_missing(app, login_as, walker):
    # Past 50 refusals the security log rightly mails an alert (tests/security_log); this walk
    # asks whether a refusal changes the data, so the alert is kept out of it.
    app.config["SECURITY_ALERT_THRESHOLD"] = 10_000
    world = identified_world()
    urls = _walk_urls(world)
    client = login_as(world.users.get(walker))
    for kind, (template, real) in urls.items():
        if kind == "outbox message" and walker == "organizer_conflicted":
            continue  # an event-wide message: every organizer of the event may retry it
        method = "POST" if template.endswith(("restore", "retry", "comments", "withdraw")) else "GET"
        answers = {}
        state = fingerprint()
        for candidate in (real, real + 10_000):
            response = client.open(template.format(id=candidate), method=method, data={"body": "x"})
            login = response.status_code == 302 and "/account/login" in response.location
            answers[candidate] = "login" if login else response.status_code
        assert answers[real] in (403, 404, "login"), (kind, answers)
        assert answers[real] == answers[real + 10_000], f"{walker} tells a {kind} exists: {answers}"
        assert not changed_tables(state, fingerprint()), f"{walker} changed something through a {kind}"
        for neighbour in (real - 1, real + 1):  # may be the walker's own: only never a crash
            assert client.open(template.format(id=neighbour), method=method).status_code < 500


def test_author_cannot_fetch_another_submissions_file_through_any_route(app, login_as):
    from tests.program.helpers import decide

    world = identified_world()
    decide(world.other_submission, "accept_poster")  # the other author's work is public...
    world.event.program_public = True
    db.session.commit()
    file_id = world.extra["file_id"]  # ...and this file belongs to the world's submission
    s, other = world.slug, world.other_submission.id
    client = login_as(world.users["other_author"])
    for url in (f"/{s}/program/works/{other}/files/{file_id}", f"/{s}/reviews/{other}/files/{file_id}",
                f"/{s}/reviews/{world.submission.id}/files/{file_id}", f"/{s}/submissions/{other}/files/{file_id}",
                f"/{s}/submissions/{world.submission.id}/files/{file_id}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.data


def test_reviews_posted_by_the_wrong_reviewer_or_late_are_refused_and_not_stored(app, login_as):
    world = identified_world()
    ensure_default_forms(world.event)
    db.session.commit()
    url = f"/{world.slug}/reviews/{world.submission.id}/review"
    other_url = f"/{world.slug}/reviews/{world.other_submission.id}/review"
    forged = {**REVIEW, "assignment_id": str(world.assignment.id), "user_id": str(world.users["reviewer_assigned"].id)}
    for role, target in (("reviewer_unassigned", url), ("reviewer_conflicted", url),
                         ("reviewer_assigned", other_url), ("organizer", url), ("author", url)):
        assert login_as(world.users[role]).post(target, data=forged).status_code == 404, (role, target)
    world.event.review_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    late = login_as(world.users["reviewer_assigned"]).post(url, data=REVIEW)
    assert late.status_code in (200, 400, 409) and b"deadline" in late.data
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0


def test_extra_form_fields_are_ignored(app, login_as):
    world = identified_world()
    ensure_default_forms(world.event)
    db.session.commit()
    reviewer = world.users["reviewer_assigned"]
    extra = {"role": "organizer", "decision": "accept", "status": "submitted", "user_id": str(world.users["organizer"].id),
             "is_admin": "1", "assignment_id": "999", "outcome": "1", "submission_id": str(world.other_submission.id)}
    draft = {**REVIEW, "action": "save", **extra}
    assert login_as(reviewer).post(f"/{world.slug}/reviews/{world.submission.id}/review", data=draft).status_code == 302
    assert login_as(reviewer).post("/account/profile", data={"name": "R", "affiliation": "", **extra}).status_code == 302
    db.session.expire_all()
    review = db.session.scalar(sa.select(Review))
    assert review.status == "draft" and review.assignment.user_id == reviewer.id
    assert review.assignment.submission_id == world.submission.id
    assert not db.session.get(type(reviewer), reviewer.id).is_admin
    roles = set(db.session.scalars(sa.select(Membership.role).where(
        Membership.user_id == reviewer.id, Membership.event_id == world.event.id)))
    assert roles == {"reviewer"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_a_reviewer_who_becomes_conflicted_loses_access_at_once(app, login_as):
    world = identified_world()
    ensure_default_forms(world.event)
    db.session.commit()
    client = login_as(world.users["reviewer_assigned"])
    s, sid, file_id = world.slug, world.submission.id, world.extra["file_id"]
    urls = [f"/{s}/reviews/{sid}", f"/{s}/reviews/{sid}/review", f"/{s}/reviews/{sid}/files/{file_id}"]
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    f.make_conflict(world.submission, world.users["reviewer_assigned"], source="reviewer", reason="advisor")
    db.session.commit()
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert client.post(urls[1], data=REVIEW).status_code == 404
    listing = client.get(f"/{s}/reviews/assignments").get_data(as_text=True)
    assert world.submission.title not in listing
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 2  # kept, unusable


def test_extra_fields_on_the_submission_form_are_ignored(app, login_as):
    world = identified_world()
    world.event.cfp_open = True
    db.session.commit()
    author = world.users["other_author"]
    form = {"title": "Forged", "abstract_md": "A.", "authors-0-name": author.name, "authors-0-email": author.email,
            "authors-0-affiliation": "", "authors-0-position": "1", "contact": "0", "ai_use": "none",
            "presentation_preference": "either", "client_token": "forged1", "save": "Save draft",
            "status": "submitted", "number": "999", "created_by_id": str(world.users["organizer"].id),
            "decision": "accept", "role": "organizer", "user_id": str(world.users["organizer"].id),
            "event_id": str(world.other_event.id), "deadline_extension_at": "2099-01-01T00:00"}
    response = login_as(author).post(f"/{world.slug}/submissions/new?type=paper", data=form)
    assert response.status_code == 302, response.status_code
    db.session.expire_all()
    from reviewhub.submissions.models import Submission

    saved = db.session.scalar(sa.select(Submission).where(Submission.title == "Forged"))
    assert saved.status == "draft" and saved.number != 999 and saved.event_id == world.event.id
    assert saved.created_by_id == author.id and saved.deadline_extension_at is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


# Event-wide organizer pages that list submissions (the others never show one: no check can fail there).
LISTINGS = {"assignment.current", "decisions.overview", "integrity.ai_use", "reviewing.progress",
            "reviewing.ranking", "reviewing.ranking_csv", "submissions.list", "submissions.export"}
EVENT_WIDE = [r for r in all_rules() if r.method == "GET" and r.endpoint in LISTINGS]


def test_every_listing_page_is_checked_for_conflicts():
    assert {r.endpoint for r in EVENT_WIDE} == LISTINGS
    assert all("organizer_conflicted" in r.allowed for r in EVENT_WIDE)


# The row is listed, marked "hidden: you are conflicted", with no reviewers (design: titles are not secret
# from organizers; reviewers, reviews and scores are).
TITLE_SHOWN = {"assignment.current"}


@pytest.mark.parametrize("access_rule", EVENT_WIDE, ids=lambda r: r.id)
def test_a_conflicted_organizer_sees_nothing_of_that_submission_on_event_wide_pages(app, login_as, access_rule):
    from reviewhub.decisions import services as decisions

    world = identified_world()
    world.submission.title = "Conflicted Ocelot Study"
    ensure_default_forms(world.event)
    _submit_review(world)
    decisions.decide(world.submission, decisions.ensure_default_outcomes(world.event)[0], by=world.users["organizer"])
    db.session.commit()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    path = access_rule.path.format(**world.values())
    seen = login_as(world.users["organizer"]).get(path).get_data(as_text=True)
    shown = login_as(world.users["organizer_conflicted"]).get(path)
    assert shown.status_code == 200, path
    text = shown.get_data(as_text=True)
    secrets = ["Kestrel-marmalade"] + ([] if access_rule.endpoint in TITLE_SHOWN else ["Conflicted Ocelot Study"])
    leaks = [w for w in secrets if w in text]
    assert not leaks, f"{path} shows {leaks} to the organizer conflicted with it"
    assert "Conflicted Ocelot Study" in seen, f"{path} does not list the submission: the check cannot fail"
