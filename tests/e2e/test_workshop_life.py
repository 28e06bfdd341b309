"""The whole life of the workshop in a real browser, as its four kinds of user, only through
what a person clicks and types and the links in the mail they receive."""

import pytest

from tests.e2e.workshop import decisions, program, reviewers, reviewing, setup, submissions
from tests.e2e.workshop.cast import cast

pytestmark = pytest.mark.e2e


def test_workshop_life(browsing, server, tmp_path):
    story = cast(browsing, server)
    setup.organizer_creates_the_event(story)
    setup.visitor_finds_the_event(story)
    reviewers.organizer_invites_reviewers(story)
    reviewers.reviewers_join(story)
    submissions.organizer_adds_submission_types(story)
    submissions.authors_submit(story)
    reviewing.organizer_prepares_review_forms(story)
    reviewing.reviewers_bid(story)
    submissions.deadline_passes(story)
    reviewing.organizer_runs_the_assignment(story)
    reviewing.reviewers_review_and_discuss(story)
    decisions.organizer_ranks_and_decides(story)
    decisions.organizer_releases_decisions(story)
    decisions.authors_read_decisions_and_confirm(story)
    program.organizer_schedules_and_releases(story)
    program.visitor_sees_the_talk(story, tmp_path)
    browsing.check_clean()
