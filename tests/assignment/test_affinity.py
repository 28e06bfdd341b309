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

    from reviewhub.assignment.affinity import LEGACY_TEXT, AffinityWeights, SubmissionSpace

    works = [SubmissionDoc(11, "Diffusion models for painting brushes", (1, 2)),
             SubmissionDoc(12, "Detecting generated images with watermarks", (3,)),
             SubmissionDoc(13, "Music generation from melodies and painting", ())]
    reviewer = ReviewerDoc(7, "I study painting with diffusion, and music", (2, 3, 99))
    weights = AffinityWeights(text=1.0, topic=0.5)
    scores = SubmissionSpace(works, LEGACY_TEXT).scores(reviewer, weights)

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


def test_default_text_model_stems_adds_bigrams_and_averages_past_papers():
    import Stemmer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from reviewhub.assignment.affinity import SubmissionSpace, TextModel

    works = [SubmissionDoc(11, "Watermarking generated images for detection", ()),
             SubmissionDoc(12, "Generating melodies: music generation with diffusion", ()),
             SubmissionDoc(13, "Copyright law and licensing of training data", ()),
             SubmissionDoc(14, "Generated images of paintings", ())]
    reviewer = ReviewerDoc(7, "unused when papers are given", (), (
        "Image watermarks detect generated pictures", "Music generators for melody writing"))
    words = TfidfVectorizer(stop_words="english").build_analyzer()
    stemmer = Stemmer.Stemmer("english")

    def reference_terms(text):  # sklearn's words, Snowball stems, then adjacent pairs
        stems = stemmer.stemWords(words(text))
        return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]

    df = {}  # a bigram must be in two works to count; every word counts
    for w in works:
        for term in set(reference_terms(w.text)):
            df[term] = df.get(term, 0) + 1
    kept = sorted(t for t, n in df.items() if n >= 2 or " " not in t)
    vectorizer = TfidfVectorizer(sublinear_tf=True, analyzer=reference_terms, vocabulary=kept)
    x = vectorizer.fit_transform([w.text for w in works])
    mean = normalize(np.asarray(vectorizer.transform(reviewer.papers).mean(axis=0)))
    expected = np.asarray(x @ mean.T).ravel()
    scores = SubmissionSpace(works, TextModel(per_paper=True)).scores(reviewer)
    assert np.allclose(scores, expected, atol=1e-6)
    concatenated = SubmissionSpace(works).scores(ReviewerDoc(7, " ".join(reviewer.papers)))
    expected = (x @ vectorizer.transform([" ".join(reviewer.papers)]).T).toarray().ravel()
    assert np.allclose(concatenated, expected, atol=1e-6)
    assert "watermark" in vectorizer.vocabulary_ and "generat imag" in vectorizer.vocabulary_
    assert "imag detect" not in vectorizer.vocabulary_  # a bigram of one work only
    assert scores[2] == 0 and scores[0] > 0 and scores[1] > 0


def test_compute_affinity_uses_the_same_text_model_on_the_exact_and_lsa_paths():
    rng = np.random.default_rng(4)
    vocab = [f"topic{t}word{w}" for t in range(6) for w in range(40)]
    subs = [SubmissionDoc(i, " ".join(rng.choice(vocab[40 * (i % 6):40 * (i % 6 + 1)], 40)))
            for i in range(60)]
    revs = [ReviewerDoc(100 + j, "", (), tuple(" ".join(rng.choice(vocab[40 * (j % 6):40 * (j % 6 + 1)], 30))
                                               for _ in range(3))) for j in range(30)]
    from reviewhub.assignment.affinity import TextModel

    exact = compute_affinity(subs, revs, top_k=5, text_model=TextModel(per_paper=True))
    lsa = compute_affinity(subs, revs, top_k=5, exact_max_pairs=10, svd_components=12,
                           text_model=TextModel(per_paper=True))
    assert exact.text_method == "exact" and lsa.text_method == "lsa12"
    for res in (exact, lsa):  # every reviewer's candidates are papers of its own topic
        assert (res.paper_idx % 6 == (res.reviewer_idx % 6)).mean() > 0.95


def test_the_default_text_model_is_not_worse_than_the_old_one_on_held_out_paper_retrieval():
    from reviewhub.assignment.affinity import LEGACY_TEXT, TextModel
    from reviewhub.assignment.affinity_eval import evaluate, make_corpus

    corpus = make_corpus(300, seed=5)
    for lsa in (False, True):
        old = evaluate(corpus, LEGACY_TEXT, lsa=lsa, svd_components=64)
        new = evaluate(corpus, TextModel(), lsa=lsa, svd_components=64)
        assert new["mrr"] >= old["mrr"] and new["recall10"] >= old["recall10"], (lsa, old, new)
        assert new["loss"] <= old["loss"] + 0.002, (lsa, old, new)


def test_the_evaluation_can_tell_a_good_method_from_a_bad_one():
    from reviewhub.assignment.affinity import TextModel
    from reviewhub.assignment.affinity_eval import evaluate, make_corpus, pairwise_loss

    corpus = make_corpus(200, seed=6)
    good = evaluate(corpus, TextModel())
    assert good["mrr"] > 0.1 and good["loss"] < 0.1
    scores = np.array([[0.9, 0.5, 0.1], [0.1, 0.1, 0.1]])
    ratings = np.array([[3, 2, 0], [3, 2, 0]])
    assert pairwise_loss(scores, ratings) == 0.5 * 5 / 10  # first row right, second all ties
    assert pairwise_loss(-scores[:1], ratings[:1]) == 1.0
