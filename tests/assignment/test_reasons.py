"""Why a pair scores high: shared terms as written, the closest past paper, no author words."""

import pytest

from reviewhub.assignment.affinity import ReviewerDoc, SubmissionDoc, SubmissionSpace
from reviewhub.assignment.reasons import explain

WORKS = [
    SubmissionDoc(1, "Watermarking generated images. We watermark generated images for detection. "
                     "Quixote lab prior work on watermarks"),
    SubmissionDoc(2, "Melody generation with diffusion for music composition, not generated images"),
    SubmissionDoc(3, "Copyright licensing of training data and royalties"),
]
PAPERS = ("Robust watermarks for generated images\nWe detect watermarked generated images; Quixote et al.",
          "Symbolic music models\nMelodies and harmony from transformers")
REVIEWER = ReviewerDoc(9, " ".join(("I work on image forensics", *PAPERS)), (), papers=PAPERS,
                       statement="I work on image forensics")


@pytest.fixture
def space():
    return SubmissionSpace(WORKS)


def test_top_terms_are_shared_ones_in_the_works_own_words_best_first(space):
    reason = explain(space, REVIEWER, 1, visible_text=WORKS[0].text)
    terms = [t for t, _ in reason.terms]
    assert "generated images" in terms and ("watermarking" in terms or "watermark" in terms)
    assert len(terms) == len(set(terms))
    weights = [w for _, w in reason.terms]
    assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
    assert sum(weights) <= reason.text_score + 1e-6
    assert reason.text_score == pytest.approx(space.scores(REVIEWER)[0], abs=1e-6)
    assert "music" not in " ".join(terms)


def test_the_closest_past_paper_is_named_by_its_first_line(space):
    assert explain(space, REVIEWER, 1, visible_text=WORKS[0].text).closest_paper == \
        "Robust watermarks for generated images"
    music = explain(space, REVIEWER, 2, visible_text=WORKS[1].text)
    assert music.closest_paper == "Symbolic music models" and music.closest_score > 0
    assert explain(space, ReviewerDoc(9, "watermark images"), 1, visible_text="x").closest_paper is None


def test_author_words_and_terms_outside_the_visible_text_are_never_shown(space):
    # "quixote" is shared (the work's text and the reviewer's paper) and weighs a lot
    open_reason = explain(space, REVIEWER, 1, visible_text=WORKS[0].text, n_terms=30)
    assert "quixote" in " ".join(t for t, _ in open_reason.terms).lower()
    hidden = explain(space, REVIEWER, 1, visible_text=WORKS[0].text, n_terms=30,
                     hidden_words=["Don Quixote", "don@quixote-lab.example", "Quixote Lab"])
    assert "quixote" not in " ".join(t for t, _ in hidden.terms).lower()
    assert hidden.terms  # the rest is still explained
    only_title = explain(space, REVIEWER, 1, visible_text="Watermarking generated images")
    assert {t for t, _ in only_title.terms} <= {"watermarking", "generated", "images",
                                                "watermarking generated", "generated images"}


def test_a_work_outside_the_space_has_no_reason(space):
    assert explain(space, REVIEWER, 99, visible_text="") is None
    assert explain(SubmissionSpace([]), REVIEWER, 1, visible_text="") is None
