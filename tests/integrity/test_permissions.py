"""can_see_similarity_flag and conflicted_submission_ids over the access-matrix cast."""

import pytest

from reviewhub import permissions as p
from reviewhub.extensions import db
from reviewhub.integrity.models import SimilarityFlag
from tests.access.world import ROLES, build_world


def _user(world, role):
    from flask_login import AnonymousUserMixin

    return world.users.get(role) or AnonymousUserMixin()


@pytest.fixture
def world(app):
    return build_world()


@pytest.mark.parametrize("swap", [False, True], ids=["conflicted-with-a", "conflicted-with-b"])
def test_only_unconflicted_organizers_see_a_flag(world, swap):
    a, b = world.submission, world.other_submission
    if swap:
        a, b = b, a
    flag = SimilarityFlag(event_id=world.event.id, submission_a_id=a.id, submission_b_id=b.id,
                          kind="text", similarity=0.5, details={})
    db.session.add(flag)
    db.session.flush()
    granted = {role for role in ROLES if p.can_see_similarity_flag(_user(world, role), flag)}
    assert granted == {"organizer"}


def test_conflicted_submission_ids_agrees_with_is_conflicted(world):
    for role in ROLES:
        user = _user(world, role)
        expected = {s.id for s in (world.submission, world.other_submission) if p.is_conflicted(user, s)}
        assert p.conflicted_submission_ids(user) == expected, role
