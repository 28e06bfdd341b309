"""The access predicates as a truth table over the access-matrix cast."""

import pytest

from reviewhub import permissions as p
from tests.access.world import ROLES, build_world

# predicate -> the roles for which it is true, on the world's `submission` (or event).
SUBMISSION_TABLE = {
    "is_author": {"author", "coauthor"},
    "is_conflicted": {"author", "coauthor", "reviewer_conflicted", "organizer_conflicted",
                      "area_chair_conflicted"},
    "can_view_submission": {"author", "coauthor", "reviewer_assigned", "organizer"},
    "can_edit_submission": {"author", "coauthor"},
    "can_see_authors": {"author", "coauthor", "organizer"},  # the world's event is double-blind
    "can_organize_submission": {"organizer"},
    "can_decide": {"organizer"},
    "can_discuss": {"reviewer_assigned", "organizer", "area_chair", "senior_area_chair"},
    "can_see_reviews": {"organizer", "area_chair", "senior_area_chair"},  # the reviewer has not submitted yet
    # The committee (issue 16): the conflicted AC gets none of it.
    "is_area_chair_of": {"area_chair"},
    "is_senior_area_chair_of": {"senior_area_chair"},
    "can_chair_submission": {"area_chair", "senior_area_chair"},
    "can_write_meta_review": {"area_chair"},
    "can_see_meta_review": {"organizer", "area_chair", "senior_area_chair"},
    "can_edit_meta_recommendation": {"senior_area_chair"},
    "can_see_reviewer_identities": {"organizer", "area_chair", "senior_area_chair"},
}
EVENT_TABLE = {
    "is_organizer": {"organizer", "organizer_conflicted"},
    "is_reviewer": {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"},
    "can_manage_event": {"organizer", "organizer_conflicted"},
    "can_list_submissions": {"organizer", "organizer_conflicted"},
    "can_bid": {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted", "area_chair",
                "area_chair_conflicted"},
    "is_area_chair": {"area_chair", "area_chair_conflicted"},
    "is_senior_area_chair": {"senior_area_chair"},
    "can_see_committee_console": {"area_chair", "area_chair_conflicted", "senior_area_chair"},
    "can_manage_committee": {"organizer", "organizer_conflicted"},
    "can_manage_program": {"organizer", "organizer_conflicted"},
    "can_see_integrity": {"organizer", "organizer_conflicted"},
}


@pytest.fixture
def world(app):
    return build_world()


def _user(world, role):
    from flask_login import AnonymousUserMixin

    return world.users.get(role) or AnonymousUserMixin()


@pytest.mark.parametrize("predicate", sorted(SUBMISSION_TABLE))
def test_submission_predicates(world, predicate):
    check = getattr(p, predicate)
    granted = {role for role in ROLES if check(_user(world, role), world.submission)}
    assert granted == SUBMISSION_TABLE[predicate]


@pytest.mark.parametrize("predicate", sorted(EVENT_TABLE))
def test_event_predicates(world, predicate):
    check = getattr(p, predicate)
    granted = {role for role in ROLES if check(_user(world, role), world.event)}
    assert granted == EVENT_TABLE[predicate]


def test_assigned_reviewer_reviews_and_loses_access_when_conflicted(world):
    from tests import factories as f

    reviewer = world.users["reviewer_assigned"]
    assert p.can_review(reviewer, world.assignment)
    f.make_conflict(world.submission, reviewer, source="reviewer")
    from flask import g

    g.pop("_roles", None)
    assert not p.can_review(reviewer, world.assignment)
    assert not p.can_view_submission(reviewer, world.submission)


def test_single_blind_event_shows_authors_to_assigned_reviewers(world):
    world.event.double_blind = False
    assert p.can_see_authors(world.users["reviewer_assigned"], world.submission)
    assert not p.can_see_authors(world.users["reviewer_unassigned"], world.submission)


def test_other_events_organizer_has_no_power_here(world):
    outsider = world.users["other_organizer"]
    assert not p.can_manage_event(outsider, world.event)
    assert p.can_manage_event(outsider, world.other_event)
