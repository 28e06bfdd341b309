"""Embedding similarity of papers and reviewers, and its z-scored mix with the TF-IDF cosine.

Pure (numpy only). A reviewer is their units' vectors (statement, each past paper). Their
similarity to a paper is the mean of the ``TOP_PAPERS`` best unit similarities (issue 19
measured it best offline: loss 0.211, where the centroid gives 0.227 and "max" is worse), or,
where the exact path is too slow (above ``compute_affinity``'s ``exact_max_pairs``, one
product per past paper instead of per reviewer), the cosine to the centroid of their units.

The mix: with ``alpha`` the embedding's share, a pair's text similarity is::

    (1 - alpha) * cos_tfidf + alpha * (mean_t + sd_t * (sim - mean_e) / sd_e)

that is a z-scored mix (each side standardised, then averaged) put back on the TF-IDF
cosine's own scale, so the text weight, topic weight and bid bonuses keep their meaning and
``alpha = 0`` is exactly TF-IDF. Means and spreads come from a seeded sample of papers
against every reviewer. A paper or reviewer without a vector gets the mean (z = 0): no
evidence pushes it neither up nor down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOP_PAPERS = 3
SAMPLE_PAPERS = 256


@dataclass(frozen=True, eq=False)
class EmbeddingInput:
    """Unit vectors, as stored: one per paper (aligned with the submissions; ``has_paper``
    False where none is stored yet) and one per reviewer unit with the reviewer's index."""

    papers: np.ndarray  # (n_p, d) float32
    has_paper: np.ndarray  # (n_p,) bool
    units: np.ndarray  # (n_u, d) float32
    owner: np.ndarray  # (n_u,) int64, index of the unit's reviewer


class ReviewerVectors:
    """The reviewers' side, grouped once so a chunk of papers is a few products."""

    def __init__(self, units: np.ndarray, owner: np.ndarray, n_reviewers: int, *, centroid: bool):
        self.n = n_reviewers
        self.centroid = centroid
        counts = np.bincount(owner, minlength=n_reviewers)
        self.known = counts > 0
        if centroid:
            sums = np.zeros((n_reviewers, units.shape[1] if units.ndim == 2 else 0), np.float32)
            np.add.at(sums, owner, units)
            self.matrix = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
            return
        self.units_t = np.ascontiguousarray(units.T)
        order = np.argsort(owner, kind="stable")
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        # reviewers with k units: an (n_k, k) table of their units' columns, for each k
        self.groups = []
        for k in sorted(set(counts[counts > 0].tolist())):
            who = np.flatnonzero(counts == k)
            self.groups.append((who, order[starts[who][:, None] + np.arange(k)]))

    def similarities(self, papers: np.ndarray) -> np.ndarray:
        """(len(papers), n_reviewers) float32; NaN for reviewers without a vector."""
        if self.centroid:
            out = papers @ self.matrix.T
            out[:, ~self.known] = np.nan
            return out
        sims = papers @ self.units_t
        out = np.full((len(papers), self.n), np.nan, dtype=np.float32)
        for who, cols in self.groups:
            s = sims[:, cols]  # (c, n_k, k)
            if cols.shape[1] > TOP_PAPERS:
                s = -np.partition(-s, TOP_PAPERS - 1, axis=2)[:, :, :TOP_PAPERS]
            out[:, who] = s.mean(axis=2)
        return out


@dataclass(frozen=True)
class Mix:
    """``text = (1 - alpha) * t + alpha * (scale * e + shift)``; missing e counts as mean_t."""

    alpha: float
    scale: float
    shift: float
    mean_t: float

    def apply(self, t: np.ndarray, e: np.ndarray) -> np.ndarray:
        mapped = self.scale * e + self.shift
        mapped = np.where(np.isnan(mapped), np.float32(self.mean_t), mapped)
        return ((1 - self.alpha) * t + self.alpha * mapped).astype(np.float32)


def fit_mix(t: np.ndarray, e: np.ndarray, alpha: float) -> Mix:
    """The mix of ``alpha`` from sampled similarities ``t`` (TF-IDF) and ``e`` (embedding)."""
    t = np.asarray(t, dtype=np.float64).ravel()
    e = np.asarray(e, dtype=np.float64).ravel()
    ok = ~np.isnan(e)
    mean_t, sd_t = (float(t.mean()), float(t.std())) if len(t) else (0.0, 0.0)
    if ok.sum() < 2 or e[ok].std() == 0:
        return Mix(alpha, 0.0, mean_t, mean_t)
    scale = (sd_t if sd_t > 0 else 1.0) / float(e[ok].std())
    return Mix(alpha, scale, mean_t - scale * float(e[ok].mean()), mean_t)


def sample_rows(n: int, seed: int) -> np.ndarray:
    """The seeded sample of papers the mix is fitted on."""
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, min(n, SAMPLE_PAPERS), replace=False))


def paper_similarities(emb: EmbeddingInput, reviewers: ReviewerVectors, rows: slice | np.ndarray
                       ) -> np.ndarray:
    """Embedding similarity of papers ``rows`` to every reviewer; NaN where a paper has none."""
    out = reviewers.similarities(emb.papers[rows])
    out[~emb.has_paper[rows]] = np.nan
    return out
