"""The embedding side of affinity and its mix with TF-IDF (pure: vectors made here, no model)."""

import numpy as np

from reviewhub.assignment import semantic
from reviewhub.assignment.affinity import (
    AffinityWeights,
    ReviewerDoc,
    SubmissionDoc,
    compute_affinity,
)


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_reviewer_similarity_is_the_mean_of_their_three_closest_papers():
    rng = np.random.default_rng(3)
    units = _unit(rng.normal(size=(9, 8)))
    owner = np.array([0, 0, 0, 0, 0, 1, 1, 2, 0])  # 6 papers, 2 papers, 1 paper, none
    papers = _unit(rng.normal(size=(5, 8)))
    got = semantic.ReviewerVectors(units, owner, 4, centroid=False).similarities(papers)
    sims = papers @ units.T
    for r in range(3):
        mine = np.sort(sims[:, owner == r], axis=1)[:, ::-1][:, :3]
        np.testing.assert_allclose(got[:, r], mine.mean(axis=1), rtol=1e-5)
    assert np.isnan(got[:, 3]).all()  # no vector: no evidence


def test_centroid_side_is_the_cosine_to_the_normalised_mean():
    units = _unit([[1, 0], [0, 1], [1, 1]])
    got = semantic.ReviewerVectors(units, np.array([0, 0, 1]), 2, centroid=True).similarities(_unit([[1, 0]]))
    np.testing.assert_allclose(got[0], [np.sqrt(0.5), np.sqrt(0.5)], rtol=1e-5)


def test_mix_keeps_tfidf_scale_and_counts_missing_as_average():
    t = np.array([0.0, 0.1, 0.2, 0.3], np.float32)
    e = np.array([0.9, 0.7, 0.5, np.nan], np.float32)  # orders the other way
    np.testing.assert_allclose(semantic.fit_mix(t, e, 0.0).apply(t, e), t)
    alone = semantic.fit_mix(t, e, 1.0).apply(t, e)
    assert alone[0] > alone[1] > alone[2]
    assert abs(alone[3] - t.mean()) < 1e-6


def test_compute_affinity_mixes_the_embedding_in_by_its_share():
    subs = [SubmissionDoc(1, "watermark detection images"), SubmissionDoc(2, "music melody harmony")]
    revs = [ReviewerDoc(10, "watermark images forensic", papers=("watermark images forensic",))]
    # vectors that say the opposite of the words: reviewer close to paper 2
    emb = semantic.EmbeddingInput(_unit([[1, 0], [0, 1]]), np.array([True, True]),
                                  _unit([[0.1, 1]]), np.array([0]))

    def order(share):
        res = compute_affinity(subs, revs, weights=AffinityWeights(topic=0, embedding=share, bid_bonus={}),
                               embeddings=emb, n_jobs=1)
        return [int(res.submission_ids[p]) for p in res.paper_idx[np.argsort(-res.score)]], res.text_method

    assert order(0.0) == ([1, 2], "exact")
    ranked, method = order(1.0)
    assert ranked == [2, 1] and method == "exact + embedding top3 (100%)"
    assert order(1.0)[0] == order(0.9)[0]
    lsa = compute_affinity(subs, revs, weights=AffinityWeights(embedding=0.5), embeddings=emb,
                           exact_max_pairs=0, svd_components=1, n_jobs=1)
    assert "embedding centroid (50%)" in lsa.text_method
