"""The pure reviewing modules: score aggregates, answers, charts (the ranking and progress are
SQL: test_ranking_order, test_paged_pages)."""

import pytest

from reviewhub.reviewing import charts, scoring
from reviewhub.reviewing.answers import MAX_TEXT, QuestionSpec, check, merge, slug_key


def test_stats_of_three_scores():
    s = scoring.stats([(4, 5), (2, 1), (3, None)])
    assert s.count == 3 and s.mean == pytest.approx(3.0) and s.median == 3.0
    assert s.sd == pytest.approx(1.0)
    assert s.weighted_mean == pytest.approx((4 * 5 + 2 * 1 + 3 * 1) / 7)
    assert (s.min, s.max) == (2, 4)
    assert s.disagreement  # span 2


def test_stats_without_scores_and_single_score():
    assert scoring.stats([]).count == 0 and scoring.stats([(None, 3)]).mean is None
    one = scoring.stats([(5, 2)])
    assert one.sd is None and one.median == 5.0 and not one.disagreement


def test_disagreement_by_standard_deviation_alone():
    # 1,1,2,2 -> span 1, sd 0.58: calm. 1,2,2,3,3 -> span 2: flagged.
    assert not scoring.stats([(1, 1), (1, 1), (2, 1), (2, 1)]).disagreement
    assert scoring.stats([(1, 1), (2, 1), (3, 1)]).disagreement


def test_fmt():
    assert scoring.fmt(None) == "" and scoring.fmt(3.14159) == "3.14"


QUESTIONS = [
    QuestionSpec("overall", "score", "Overall", True, 1, 5),
    QuestionSpec("kind", "choice", "Kind", True, choices=("art", "paper")),
    QuestionSpec("comments", "text", "Comments", False),
    QuestionSpec("old", "score", "Old", True, 1, 5, active=False),
]


def test_check_accepts_valid_answers_and_ignores_extra_fields():
    result = check(QUESTIONS, {"overall": " 4 ", "kind": "art", "comments": "Fine", "evil": "x", "old": "9"},
                   complete=True)
    assert result.errors == {} and result.answers == {"overall": 4, "kind": "art", "comments": "Fine"}


@pytest.mark.parametrize("raw, key, fragment", [
    ({"overall": "6", "kind": "art"}, "overall", "from 1 to 5"),
    ({"overall": "0", "kind": "art"}, "overall", "from 1 to 5"),
    ({"overall": "four", "kind": "art"}, "overall", "levels"),
    ({"overall": "3", "kind": "poem"}, "kind", "options"),
    ({"kind": "art"}, "overall", "required"),
    ({"overall": "3", "kind": "art", "comments": "x" * (MAX_TEXT + 1)}, "comments", "under"),
])
def test_check_refuses_bad_answers(raw, key, fragment):
    result = check(QUESTIONS, raw, complete=True)
    assert fragment in result.errors[key]


def test_draft_may_be_partial_but_still_in_range():
    assert check(QUESTIONS, {}, complete=False).errors == {}
    assert "overall" in check(QUESTIONS, {"overall": "7"}, complete=False).errors


def test_merge_keeps_answers_of_retired_questions():
    stored = merge({"old": 2, "overall": 1}, {"overall": 4}, QUESTIONS)
    assert stored == {"old": 2, "overall": 4}


def test_slug_key_is_unique():
    assert slug_key("Technical quality!", set()) == "technical_quality"
    assert slug_key("Clarity", {"clarity"}) == "clarity_2"


def test_charts_escape_labels():
    svg = charts.bar_chart([("<script>", 3)], title="T & <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<title>T &amp; &lt;b&gt;</title>" in svg
    assert "3 of 4" in charts.progress_bar(3, 4, title="x")
