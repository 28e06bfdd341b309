"""Affinity: text, topics and bids move scores as documented; conflicts and top-K are honoured."""

import numpy as np
import pytest

from reviewhub.assignment.affinity import (
    AffinityWeights,
    BidEntry,
    ReviewerDoc,
    SubmissionDoc,
    compute_affinity,
)

MUSIC = "music generation melody harmony composition symbolic midi accompaniment musicians"
WATERMARK = "watermark detection forensic classifier synthetic images provenance deepfake"
LAW = "copyright licensing royalties contracts infringement fair use compensation"
PAPERS = [SubmissionDoc(10, f"A study of {MUSIC}", (1,)), SubmissionDoc(11, WATERMARK, (2,))]
REVIEWERS = [ReviewerDoc(100, LAW, (3,)), ReviewerDoc(101, MUSIC, (1,)),
             ReviewerDoc(102, WATERMARK, (2,))]


def scores(res) -> dict[tuple[int, int], float]:
    return {(int(res.submission_ids[p]), int(res.reviewer_ids[r])): s
            for p, r, s in zip(res.paper_idx, res.reviewer_idx, res.score, strict=True)}


def test_reviewer_whose_profile_matches_ranks_above_an_unrelated_one():
    s = scores(compute_affinity(PAPERS, REVIEWERS, weights=AffinityWeights(topic=0.0)))
    assert s[(10, 101)] > s[(10, 100)] and s[(10, 101)] > s[(10, 102)]
    assert s[(11, 102)] > s[(11, 101)]


def test_topic_overlap_adds_weight_times_share_of_paper_topics_covered():
    papers = [SubmissionDoc(1, MUSIC, (1, 2))]
    revs = [ReviewerDoc(7, MUSIC, ()), ReviewerDoc(8, MUSIC, (2,)), ReviewerDoc(9, MUSIC, (1, 2))]
    s = scores(compute_affinity(papers, revs, weights=AffinityWeights(topic=0.4)))
    assert s[(1, 8)] - s[(1, 7)] == pytest.approx(0.2, abs=1e-5)
    assert s[(1, 9)] - s[(1, 7)] == pytest.approx(0.4, abs=1e-5)


@pytest.mark.parametrize("level, bonus", [("eager", 0.3), ("willing", 0.1), ("neutral", 0.0),
                                          ("not_willing", -0.3)])
def test_bids_shift_the_score_by_the_documented_bonus(level, bonus):
    plain = scores(compute_affinity(PAPERS, REVIEWERS))
    bid = scores(compute_affinity(PAPERS, REVIEWERS, [BidEntry(10, 100, level)]))
    assert bid[(10, 100)] - plain[(10, 100)] == pytest.approx(bonus, abs=1e-6)


def test_conflict_bids_and_forbidden_pairs_are_never_candidates():
    res = compute_affinity(PAPERS, REVIEWERS, [BidEntry(10, 101, "conflict")],
                           forbidden=[(11, 102), (999, 100)])
    s = scores(res)
    assert (10, 101) not in s and (11, 102) not in s
    assert sorted(map(tuple, res.forbidden.tolist())) == [(0, 1), (1, 2)]


def test_top_k_keeps_the_best_reviewers_plus_every_non_conflict_bid():
    rng = np.random.default_rng(0)
    words = np.array(MUSIC.split() + WATERMARK.split() + LAW.split())
    papers = [SubmissionDoc(i, " ".join(rng.choice(words, 20))) for i in range(30)]
    revs = [ReviewerDoc(100 + j, " ".join(rng.choice(words, 30))) for j in range(50)]
    full = compute_affinity(papers, revs, top_k=1000)
    res = compute_affinity(papers, revs, [BidEntry(0, 149, "willing")], top_k=5, chunk_size=7)
    counts = np.bincount(res.paper_idx, minlength=30)
    assert counts[0] in (5, 6) and (counts[1:] == 5).all()
    assert (0, 149) in scores(res)
    fs = scores(full)
    for p in range(1, 30):
        kept = min(s for (q, _), s in scores(res).items() if q == p)
        dropped = [s for (q, r), s in fs.items() if q == p and (q, r) not in scores(res)]
        assert kept >= max(dropped) - 1e-6


def test_lsa_mode_still_ranks_the_matching_reviewer_first():
    papers = PAPERS * 1
    res = compute_affinity(papers, REVIEWERS, exact_max_pairs=0, svd_components=2, seed=1)
    s = scores(res)
    assert res.text_method == "lsa2"
    assert s[(10, 101)] > s[(10, 100)]


TRICKY = [
    "Über-fast DIFFUSION (v2.0) for naïve users' sketches_and_doodles; a I x 42 ok",
    "e-mail: someone@example.org — 3D/2.5D co-creative, don't won't; the THE and",
    "KELVIN \u212a sign, İstanbul, straße, ǅ digraph, ١٢٣ arabic digits, tab\tand\x1cfile-sep",
    "", "   ", "a b c", "under_score __init__ x_y 9a a9",
]


def test_fast_word_split_gives_exactly_the_vectorizers_terms():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from reviewhub.assignment.affinity import words
    from reviewhub.assignment.synthetic import generate, to_affinity_inputs

    reference = TfidfVectorizer(stop_words="english").build_analyzer()
    subs, revs, _ = to_affinity_inputs(generate(30, 20, seed=1))
    for text in TRICKY + [d.text for d in subs + revs]:
        assert words(text) == reference(text), text


@pytest.mark.parametrize("ids", [(3, 1, 7), (3, 1, 60_000_000)])  # by table, by binary search
def test_forbidden_pairs_map_ids_to_indices_and_drop_unknown_ids(ids):
    from reviewhub.assignment.affinity import _index, _pairs_to_idx

    sidx, ridx = _index([10, 11]), _index(list(ids))
    pairs = np.array([[11, ids[2]], [10, ids[0]], [12, ids[1]], [10, 5], [-1, ids[0]]])
    assert _pairs_to_idx(pairs, sidx, ridx).tolist() == [[1, 2], [0, 0]]


def test_submission_space_scores_a_reviewer_by_the_works_tfidf_and_topic_share():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from reviewhub.assignment.affinity import AffinityWeights, SubmissionSpace

    works = [SubmissionDoc(11, "Diffusion models for painting brushes", (1, 2)),
             SubmissionDoc(12, "Detecting generated images with watermarks", (3,)),
             SubmissionDoc(13, "Music generation from melodies and painting", ())]
    reviewer = ReviewerDoc(7, "I study painting with diffusion, and music", (2, 3, 99))
    weights = AffinityWeights(text=1.0, topic=0.5)
    scores = SubmissionSpace(works).scores(reviewer, weights)

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    x = vectorizer.fit_transform([w.text for w in works])
    cosine = (x @ vectorizer.transform([reviewer.text]).T).toarray().ravel()
    topic_share = np.array([1 / 2, 1 / 1, 0.0])  # of each work's topics, the share the reviewer has
    assert np.allclose(scores, cosine + 0.5 * topic_share, atol=1e-6)
    assert SubmissionSpace(works).ids.tolist() == [11, 12, 13]
    assert scores.argmax() == 0


def test_submission_space_without_works_or_text():
    from reviewhub.assignment.affinity import SubmissionSpace

    assert SubmissionSpace([]).scores(ReviewerDoc(1, "painting")).shape == (0,)
    silent = SubmissionSpace([SubmissionDoc(1, "the and of", (4,))])
    assert silent.scores(ReviewerDoc(1, "painting", (4,))).tolist() == [0.5]
