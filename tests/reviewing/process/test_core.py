"""Pure rules of the review process: word counts, response changes, score before and after."""

from datetime import UTC, datetime, timedelta

from reviewhub.reviewing.process.core import (
    ReviewFacts,
    VersionFacts,
    count_words,
    quality_lines,
    response_changes,
    score_change,
)

T = datetime(2026, 9, 1, tzinfo=UTC)


def test_words_are_runs_of_non_space():
    assert count_words("") == 0
    assert count_words(None) == 0
    assert count_words("  one\ttwo\n\nthree  ") == 3
    assert count_words("**bold** [link](http://x) — dash") == 4


def test_response_changes_lists_differing_parts_in_label_order():
    labels = {"body": "Response", "7": "Reply to Reviewer 1"}
    assert response_changes({"body": "a", "7": "x"}, {"body": "a", "7": "y"}, labels) == [
        ("Reply to Reviewer 1", "x", "y")]
    assert response_changes({}, {"body": "new"}, labels) == [("Response", "(empty)", "new")]


def v(version, status, overall, minutes):
    return VersionFacts(version, status, overall, T + timedelta(minutes=minutes))


def test_score_before_and_after_the_response():
    versions = [v(1, "draft", 2, 0), v(2, "submitted", 3, 5), v(3, "submitted", 5, 90)]
    change = score_change(versions, T + timedelta(minutes=60))
    assert (change.before, change.after, change.updated_after_response) == (3, 5, True)


def test_no_update_after_the_response_keeps_the_score():
    change = score_change([v(1, "submitted", 3, 5)], T + timedelta(minutes=60))
    assert (change.before, change.after, change.updated_after_response) == (3, 3, False)


def test_no_response_or_no_earlier_submitted_version_means_no_change_shown():
    assert score_change([v(1, "submitted", 3, 5)], None) is None
    assert score_change([v(1, "submitted", 3, 90)], T + timedelta(minutes=60)) is None


def test_quality_lines_deviation_lateness_length_and_ratings():
    reviews = [
        ReviewFacts(1, 10, True, 4, 100, False), ReviewFacts(2, 10, True, 2, 300, True),
        ReviewFacts(1, 11, False, None, 0, True), ReviewFacts(3, 11, True, 5, 50, False),
    ]
    lines = {line.reviewer_id: line for line in quality_lines(reviews, {2: (3, 1)})}
    assert (lines[1].assigned, lines[1].submitted, lines[1].late) == (2, 1, 1)
    assert lines[1].mean_words == 100 and lines[1].mean_deviation == 1.0  # |4 - 3|
    assert lines[2].mean_deviation == 1.0 and (lines[2].helpful, lines[2].not_helpful) == (3, 1)
    assert lines[2].rating_score == 2
    assert lines[3].mean_deviation == 0.0  # alone on its submission
    assert [line.reviewer_id for line in quality_lines(reviews, {})] == [1, 2, 3]
