"""The whole life of the workshop in a real browser, as its four kinds of user, only through
what a person clicks and types and the links in the mail they receive."""

import pytest

from tests.e2e.workshop import reviewers, setup
from tests.e2e.workshop.cast import cast

pytestmark = pytest.mark.e2e


def test_workshop_life(browsing, server):
    story = cast(browsing, server)
    setup.organizer_creates_the_event(story)
    setup.visitor_finds_the_event(story)
    reviewers.organizer_invites_reviewers(story)
    reviewers.reviewers_join(story)
    browsing.check_clean()
