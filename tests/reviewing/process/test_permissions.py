"""The review-process predicates as a truth table over the access-matrix cast."""

from datetime import timedelta

import pytest

from reviewhub import permissions as p
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process import settings
from tests import factories as f
from tests.access.world import ROLES, build_world


@pytest.fixture
def world(app):
    return build_world()


def _granted(world, check) -> set[str]:
    from flask_login import AnonymousUserMixin

    return {role for role in ROLES if check(world.users.get(role) or AnonymousUserMixin())}


def test_the_sub_reviewer_grant_covers_one_assignment(world):
    assert _granted(world, lambda u: p.is_subreviewer(u, world.submission)) == {"sub_reviewer"}
    assert _granted(world, lambda u: p.is_subreviewer(u, world.other_submission)) == set()
    assert _granted(world, lambda u: p.can_write_review(u, world.assignment)) == {"reviewer_assigned", "sub_reviewer"}
    assert _granted(world, lambda u: p.can_open_review_page(u, world.submission)) == {
        "organizer", "reviewer_assigned", "sub_reviewer", "area_chair", "senior_area_chair"}  # and the chairs
    # Not an assigned reviewer: no other reviews, no discussion, no submission page, no authors.
    for predicate in (p.can_see_reviews, p.can_discuss, p.can_see_discussion, p.can_view_submission,
                      p.can_see_authors):
        assert "sub_reviewer" not in _granted(world, lambda u, pr=predicate: pr(u, world.submission))


def test_a_conflict_or_a_withdrawal_ends_the_sub_reviewer_grant(world):
    f.make_conflict(world.submission, world.users["sub_reviewer"], source="author")
    db.session.commit()
    assert _granted(world, lambda u: p.is_subreviewer(u, world.submission)) == set()
    other = build_world()
    other.submission.status = "withdrawn"
    db.session.commit()
    assert _granted(other, lambda u: p.can_write_review(u, other.assignment)) == set()


def test_only_the_assigned_reviewer_may_ask_and_only_when_allowed(world):
    assert _granted(world, lambda u: p.can_request_subreview(u, world.assignment)) == set()
    settings.update_settings(world.event, by=None, subreviewers_allowed=True)
    db.session.commit()
    assert _granted(world, lambda u: p.can_request_subreview(u, world.assignment)) == {"reviewer_assigned"}


def test_the_authors_respond_once_the_period_started(world):
    assert _granted(world, lambda u: p.can_respond(u, world.submission)) == set()
    settings.update_settings(world.event, by=None, response_enabled=True,
                             response_opens_at=utcnow() + timedelta(hours=1),
                             response_deadline_at=utcnow() + timedelta(days=1))
    db.session.commit()
    assert _granted(world, lambda u: p.can_respond(u, world.submission)) == set()
    settings.update_settings(world.event, by=None, response_enabled=True,
                             response_opens_at=utcnow() - timedelta(hours=1),
                             response_deadline_at=utcnow() + timedelta(days=1))
    db.session.commit()
    assert _granted(world, lambda u: p.can_respond(u, world.submission)) == {"author", "coauthor"}


def test_process_pages_are_the_organizers(world):
    organizers = {"organizer", "organizer_conflicted"}
    assert _granted(world, lambda u: p.can_manage_review_process(u, world.event)) == organizers
    assert _granted(world, lambda u: p.can_see_review_quality(u, world.event)) == organizers
    assert _granted(world, lambda u: p.can_add_round_reviewer(u, world.submission)) == {"organizer"}
