"""Reviewer–submission affinity from text, topics and bids, reduced to a sparse candidate list.

Public API (pure: no Flask, no database, no clock)::

    result = compute_affinity(submissions, reviewers, bids, forbidden=conflict_id_pairs,
                              weights=AffinityWeights(), top_k=200)
    result.paper_idx, result.reviewer_idx, result.score   # candidate edges (parallel arrays)
    result.forbidden                                      # (m, 2) index pairs never to assign
    result.submission_ids[i], result.reviewer_ids[j]      # index -> id

Score of a (paper p, reviewer r) pair::

    score = w_text * cos(tfidf(p), tfidf(r))             # in [0, 1]
          + w_topic * |topics(p) & topics(r)| / |topics(p)|   # share of p's topics covered
          + bid_bonus[level(p, r)]                        # 0 without a bid

With stored sentence embeddings (``embeddings=``, the optional extra) and ``w_embedding`` > 0,
``cos(tfidf(p), tfidf(r))`` is replaced by its z-scored mix with the embedding similarity
(``semantic.py``), kept on the cosine's scale.

TF-IDF is one ``TfidfVectorizer(sublinear_tf=True, stop_words="english")`` fitted on both
corpora (its analysis done by ``words``, which gives the same terms faster), so paper and
reviewer vectors share an IDF. A ``conflict`` bid, or a pair listed in ``forbidden``, makes the pair forbidden: it is never a candidate and is returned in
``forbidden`` so the solver can refuse it even as a fixed pair.

Candidates: per paper the ``top_k`` reviewers by ``w_text*cos + w_topic*topic`` (all allowed
reviewers when fewer), plus every non-conflict bid edge. Work is done in row chunks of papers
(``argpartition`` per chunk) so no dense papers x reviewers matrix is ever held whole.

Text similarity mode: below ``exact_max_pairs`` paper-reviewer pairs the cosine is exact (chunked
sparse products). Above it, computing every exact cosine costs ~10 s at 20k x 15k on two cores,
so the TF-IDF vectors are first projected on ``svd_components`` latent directions (LSA, seeded
randomized SVD) and the cosine is taken there; ``AffinityResult.text_method`` says which ran.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import Stemmer
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from reviewhub.assignment import semantic

BID_LEVELS = ("eager", "willing", "neutral", "not_willing", "conflict")


@dataclass(frozen=True)
class SubmissionDoc:
    """Title + abstract + keywords (+ extracted PDF text) as one string, and the topic ids."""

    id: int
    text: str
    topic_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReviewerDoc:
    """Expertise statement + keywords + past papers as one string, and the topic ids.
    ``statement`` (with keywords) and ``papers`` (each past paper) are the same text in the
    units that per-paper scoring and explanations take apart; empty: ``text`` is one unit."""

    id: int
    text: str
    topic_ids: tuple[int, ...] = ()
    papers: tuple[str, ...] = ()
    statement: str = ""

    def units(self) -> tuple[str, ...]:
        return ((self.statement,) if self.statement else ()) + self.papers


def split_papers(text: str) -> list[str]:
    """Past papers as typed in a profile: one per block, blocks separated by a blank line."""
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]


@dataclass(frozen=True)
class TextModel:
    """How text becomes TF-IDF vectors (issue 19). The default: Snowball (Porter2) stems,
    unigrams and bigrams, terms in fewer than two documents dropped, sublinear tf.

    ``per_paper``: each reviewer unit (statement, past paper) is a document of its own and the
    reviewer's vector is the normalised mean of its units' vectors (so a reviewer's scores
    order papers exactly as the mean of the per-paper cosines does; "max" is worse, issue 19).
    Off by default: on ``affinity_eval`` it lowers retrieval on both paths (MRR 0.26 -> 0.25
    exact, 0.31 -> 0.27 LSA; see bench/affinity.py), while issue 19's held-back benchmark
    measured a small gain (0.249 -> 0.243). ``LEGACY_TEXT`` is the model before: plain words,
    one concatenated reviewer document."""

    stem: bool = True
    bigrams: bool = True
    per_paper: bool = False
    bigram_min_df: int = 2  # bigrams in fewer documents are dropped: chance pairs, mostly


LEGACY_TEXT = TextModel(stem=False, bigrams=False, per_paper=False)


class TermWeights:
    """A fitted TF-IDF (sublinear tf, the fit's IDF, L2 rows) over a fixed vocabulary."""

    def __init__(self, model: TextModel, vocabulary: dict[str, int], idf: np.ndarray):
        self._counts = CountVectorizer(analyzer=analyzer(model), vocabulary=vocabulary, dtype=np.float32)
        self._idf = sp.diags(idf.astype(np.float32))
        self._names = np.array(sorted(vocabulary, key=vocabulary.get), dtype=object)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        x = self._counts.transform(texts).tocsr()
        np.log(x.data, out=x.data)
        x.data += 1
        return normalize(x @ self._idf).tocsr()

    def get_feature_names_out(self) -> np.ndarray:
        return self._names


def fit_tfidf(texts: list[str], model: TextModel) -> tuple[TermWeights, sp.csr_matrix]:
    """Fit ``model``'s TF-IDF on ``texts``: L2-normalised rows, bigrams of fewer than
    ``bigram_min_df`` documents dropped (they cannot be shared, yet would double the terms:
    slower products and diluted norms). Raises ValueError when no text has a term."""
    vec = TfidfVectorizer(sublinear_tf=True, analyzer=analyzer(model), dtype=np.float32, norm=None)
    x = vec.fit_transform(texts).tocsr()
    names, idf = vec.get_feature_names_out(), vec.idf_
    if model.bigrams and model.bigram_min_df > 1:
        df = np.bincount(x.indices, minlength=x.shape[1])
        unigram = np.array([" " not in n for n in names], dtype=bool)
        keep = np.flatnonzero((df >= model.bigram_min_df) | unigram)
        names, idf, x = names[keep], idf[keep], x[:, keep]
    weights = TermWeights(model, {str(n): i for i, n in enumerate(names)}, idf)
    return weights, normalize(x).astype(np.float32).tocsr()


@dataclass(frozen=True)
class BidEntry:
    """A reviewer's bid; ``level`` is one of ``BID_LEVELS``."""

    submission_id: int
    reviewer_id: int
    level: str


def _default_bid_bonus() -> dict[str, float]:
    return {"eager": 0.3, "willing": 0.1, "neutral": 0.0, "not_willing": -0.3}


@dataclass(frozen=True)
class AffinityWeights:
    """Weights of the score formula (module docstring); defaults put text first, topics second."""

    text: float = 1.0
    topic: float = 0.5
    embedding: float = 0.0  # share of the embedding in the text similarity (semantic.py), 0..1
    bid_bonus: dict[str, float] = field(default_factory=_default_bid_bonus)


@dataclass(frozen=True, eq=False)
class AffinityResult:
    """Sparse candidate edges (sorted by paper, then reviewer) and forbidden index pairs."""

    submission_ids: np.ndarray  # int64, index -> submission id
    reviewer_ids: np.ndarray  # int64, index -> reviewer id
    paper_idx: np.ndarray  # int32
    reviewer_idx: np.ndarray  # int32
    score: np.ndarray  # float64
    forbidden: np.ndarray  # (m, 2) int64 (paper_idx, reviewer_idx), sorted, unique
    text_method: str  # "exact" or "lsa<n>"


def sorted_unique(x: np.ndarray) -> np.ndarray:
    """``np.unique`` by sort: numpy 2.4's hash-based unique is ~100x slower on millions of keys."""
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def sorted_contains(sorted_keys: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Membership of ``x`` in sorted unique ``sorted_keys`` (replaces the slow ``np.isin``)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, x), len(sorted_keys) - 1)
    return sorted_keys[pos] == x


def _index(ids: Sequence[int]) -> dict[int, int]:
    return {int(i): k for k, i in enumerate(ids)}


def _pairs_to_idx(pairs: Iterable[tuple[int, int]] | np.ndarray, sidx: dict[int, int],
                  ridx: dict[int, int]) -> np.ndarray:
    """Map (submission_id, reviewer_id) pairs to index pairs; unknown ids are dropped."""
    arr = np.asarray(pairs if isinstance(pairs, np.ndarray) else list(pairs), dtype=np.int64)
    if arr.size == 0:
        return np.empty((0, 2), dtype=np.int64)
    s_keys, r_keys = np.array(list(sidx)), np.array(list(ridx))
    s_map = _lookup(arr[:, 0], s_keys, np.array(list(sidx.values())))
    r_map = _lookup(arr[:, 1], r_keys, np.array(list(ridx.values())))
    ok = (s_map >= 0) & (r_map >= 0)
    return np.stack([s_map[ok], r_map[ok]], axis=1)


def _lookup(values: np.ndarray, keys: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Vectorised dict lookup (-1 when missing): millions of conflict rows make a loop too slow.
    Database ids are small non-negative integers: then a table indexed by id does it in one
    gather, else a binary search."""
    if len(keys) and len(values) and keys.min() >= 0 and max(keys.max(), values.max()) < 50_000_000:
        table = np.full(int(max(keys.max(), values.max())) + 1, -1, dtype=np.int64)
        table[keys] = positions
        return np.where(values >= 0, table[np.maximum(values, 0)], -1)
    order = np.argsort(keys)
    keys, positions = keys[order], positions[order]
    at = np.clip(np.searchsorted(keys, values), 0, max(len(keys) - 1, 0))
    hit = keys[at] == values if len(keys) else np.zeros(len(values), bool)
    return np.where(hit, positions[at], -1)


def _topic_matrix(topic_lists: Sequence[tuple[int, ...]], topics: dict[int, int]) -> np.ndarray:
    out = np.zeros((len(topic_lists), max(len(topics), 1)), dtype=np.float32)
    for i, ts in enumerate(topic_lists):
        for t in ts:
            out[i, topics[t]] = 1.0
    return out


_WORD = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern
_ASCII_NON_WORD = str.maketrans({chr(i): " " for i in range(128)
                                 if not (chr(i).isalnum() or chr(i) == "_")})


def words(text: str) -> list[str]:
    """The terms ``TfidfVectorizer(stop_words="english")`` analyses a text into: lowercase runs
    of two or more word characters, minus stop words. On ASCII text (nearly all of it) a
    translate-and-split does what the regex does in a third of the time."""
    text = text.lower()
    tokens = text.translate(_ASCII_NON_WORD).split() if text.isascii() else _WORD.findall(text)
    return [t for t in tokens if len(t) > 1 and t not in ENGLISH_STOP_WORDS]


_STEMMER = Stemmer.Stemmer("english")
_STEMMER_LOCK = threading.Lock()  # a PyStemmer object is not thread-safe
_STEMS: dict[str, str] = {}  # word -> stem; the words of a corpus repeat, stemming each once
STEM_CACHE_MAX = 1_000_000


def stems(tokens: list[str]) -> list[str]:
    """Snowball (Porter2) English stems of ``tokens``, each distinct word stemmed once."""
    global _STEMS
    cache = _STEMS  # a full cache is replaced, not cleared: a thread keeps the one it holds
    missing = [t for t in set(tokens) if t not in cache]
    if missing:
        with _STEMMER_LOCK:
            stemmed = _STEMMER.stemWords(missing)
        fresh = dict(zip(missing, stemmed, strict=True))
        if len(cache) > STEM_CACHE_MAX:
            _STEMS = fresh
            return [fresh[t] if t in fresh else cache[t] for t in tokens]
        cache.update(fresh)
    return [cache[t] for t in tokens]


def analyzer(model: TextModel):
    """The TfidfVectorizer analyzer of ``model``: words, then stems, then adjacent pairs."""
    if not model.stem and not model.bigrams:
        return words

    def analyse(text: str) -> list[str]:
        terms = words(text)
        if model.stem:
            terms = stems(terms)
        if model.bigrams:
            terms = terms + [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]
        return terms

    return analyse


def reviewer_units(reviewers: Sequence[ReviewerDoc], model: TextModel) -> tuple[list[str], sp.csr_matrix]:
    """The texts scored apart for each reviewer, and the (reviewers x units) averaging matrix."""
    units, owner = [], []
    for i, r in enumerate(reviewers):
        parts = (r.units() or (r.text,)) if model.per_paper else (r.text,)
        units += parts
        owner += [i] * len(parts)
    owner_a = np.array(owner, dtype=np.int64)
    weight = 1.0 / np.bincount(owner_a, minlength=len(reviewers))[owner_a] if len(owner) else np.zeros(0)
    mean = sp.csr_matrix((weight.astype(np.float32), (owner_a, np.arange(len(units)))),
                         shape=(len(reviewers), len(units)))
    return units, mean


def _text_vectors(sub_texts: list[str], reviewers: Sequence[ReviewerDoc], components: int | None,
                  seed: int, model: TextModel = TextModel(), sample_rows: int = 8000
                  ) -> tuple[sp.csr_matrix | np.ndarray, sp.csr_matrix | np.ndarray]:
    """L2-normalised TF-IDF rows (or their LSA projection) for papers and reviewers; a
    reviewer's row is the normalised mean of its units' rows."""
    units, mean = reviewer_units(reviewers, model)
    try:
        _, x = fit_tfidf(sub_texts + units, model)
    except ValueError:  # every text empty or only stop words: no text signal at all
        x = sp.csr_matrix((len(sub_texts) + len(units), 1), dtype=np.float32)
    n = len(sub_texts)
    x = sp.vstack([x[:n], normalize(mean @ x[n:])]).tocsr()
    if components is not None and min(x.shape) > components + 1:
        # Fit the projection on a seeded sample of rows: the QR steps of a randomized SVD over
        # all 35k rows dominate otherwise, and the top directions are stable under sampling.
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(x.shape[0], min(x.shape[0], sample_rows), replace=False))
        svd = TruncatedSVD(components, algorithm="randomized", n_iter=3, random_state=seed)
        svd.fit(x[rows])
        x = normalize(np.asarray(x @ svd.components_.T.astype(np.float32)))
    return x[:n], x[n:]


@dataclass(frozen=True, eq=False)
class _Prepared:
    """Everything a chunk worker needs; built once."""

    xp: sp.csr_matrix | np.ndarray
    xr_t: sp.csr_matrix | np.ndarray
    tp: np.ndarray  # papers x topics, rows scaled by 1/|topics(p)|
    tr_t: np.ndarray
    weights: AffinityWeights
    forbidden: np.ndarray  # sorted flat keys p * n_r + r
    bids: np.ndarray  # sorted flat keys of non-conflict bids
    bid_bonus: np.ndarray  # bonus per bid key
    top_k: int
    embeddings: semantic.EmbeddingInput | None = None
    reviewer_vectors: semantic.ReviewerVectors | None = None
    mix: semantic.Mix | None = None


def _chunk(prep: _Prepared, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates for papers [lo, hi): top-K by base score, plus bid edges, minus forbidden."""
    n_r = prep.xr_t.shape[1]
    prod = prep.xp[lo:hi] @ prep.xr_t
    base = np.asarray(prod.toarray() if sp.issparse(prod) else prod, dtype=np.float32)
    if prep.mix is not None:
        sims = semantic.paper_similarities(prep.embeddings, prep.reviewer_vectors, slice(lo, hi))
        base = prep.mix.apply(base, sims)
    base *= prep.weights.text
    base += prep.weights.topic * (prep.tp[lo:hi] @ prep.tr_t)
    keys_lo, keys_hi = lo * n_r, hi * n_r
    f = prep.forbidden[np.searchsorted(prep.forbidden, keys_lo):np.searchsorted(prep.forbidden, keys_hi)]
    base.reshape(-1)[f - keys_lo] = -np.inf
    k = min(prep.top_k, n_r)
    cols = (np.argpartition(-base, k - 1, axis=1)[:, :k] if k < n_r
            else np.broadcast_to(np.arange(n_r), base.shape))
    keys = ((np.arange(lo, hi)[:, None] * n_r) + cols).reshape(-1)
    b0, b1 = np.searchsorted(prep.bids, keys_lo), np.searchsorted(prep.bids, keys_hi)
    keys = sorted_unique(np.concatenate([keys, prep.bids[b0:b1]]))
    score = base.reshape(-1)[keys - keys_lo].astype(np.float64)
    keep = np.isfinite(score)
    keys, score = keys[keep], score[keep]
    hit = sorted_contains(prep.bids, keys)
    score[hit] += prep.bid_bonus[np.searchsorted(prep.bids, keys[hit])]
    return keys // n_r, keys % n_r, score


def _bid_arrays(bids: Iterable[BidEntry], sidx: dict[int, int], ridx: dict[int, int],
                n_r: int, weights: AffinityWeights) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split bids into (conflict keys, other bid keys, their bonus), keys sorted."""
    conflict, keys, bonus = [], [], []
    for b in bids:
        p, r = sidx.get(b.submission_id), ridx.get(b.reviewer_id)
        if p is None or r is None:
            continue
        if b.level not in BID_LEVELS:
            raise ValueError(f"unknown bid level {b.level!r}")
        if b.level == "conflict":
            conflict.append(p * n_r + r)
        else:
            keys.append(p * n_r + r)
            bonus.append(weights.bid_bonus.get(b.level, 0.0))
    keys_a, bonus_a = np.array(keys, dtype=np.int64), np.array(bonus, dtype=np.float64)
    order = np.argsort(keys_a, kind="stable")
    keys_a, bonus_a = keys_a[order], bonus_a[order]
    first = np.r_[True, keys_a[1:] != keys_a[:-1]] if len(keys_a) else np.zeros(0, bool)
    return np.array(conflict, dtype=np.int64), keys_a[first], bonus_a[first]


class SubmissionSpace:
    """The works of an event as TF-IDF rows and topic rows, fitted once; one reviewer's base
    score (``w_text*cos + w_topic*topic``, no bids) against every work is then a sparse product
    of milliseconds, where fitting over 20,000 texts takes seconds. The bid page orders a
    reviewer's list with it. Its IDF comes from the works alone (``compute_affinity`` also
    counts the reviewers' texts, so its scores differ slightly); a reviewer's terms that no
    work uses add nothing to a cosine anyway."""

    def __init__(self, submissions: Sequence[SubmissionDoc], text_model: TextModel = TextModel()):
        self.ids = np.array([s.id for s in submissions], dtype=np.int64)
        self.text_model = text_model
        self.vectorizer: TermWeights | None = None
        try:
            self.vectorizer, self.matrix = fit_tfidf([s.text for s in submissions], text_model)
        except ValueError:  # no works, or no text signal at all
            pass
        self._names: np.ndarray | None = None
        self.vectors: semantic.EmbeddingInput | None = None  # stored embeddings, when attached
        self._topics = _index(sorted({t for s in submissions for t in s.topic_ids}))
        tp = _topic_matrix([s.topic_ids for s in submissions], self._topics)
        self._tp = tp / np.maximum(tp.sum(axis=1, keepdims=True), 1.0)

    def reviewer_vector(self, reviewer: ReviewerDoc) -> sp.csr_matrix:
        """The reviewer's L2-normalised row in this space (requires a vectorizer)."""
        units, mean = reviewer_units([reviewer], self.text_model)
        return normalize(mean @ self.vectorizer.transform(units)).tocsr()

    def feature_names(self) -> np.ndarray:
        if self._names is None:
            self._names = self.vectorizer.get_feature_names_out()
        return self._names

    def scores(self, reviewer: ReviewerDoc, weights: AffinityWeights | None = None,
               unit_vectors: np.ndarray | None = None) -> np.ndarray:
        """The reviewer's base score against each work, in ``ids`` order. With the works'
        ``vectors`` attached, the reviewer's ``unit_vectors`` and ``weights.embedding`` > 0,
        the text similarity is the z-scored mix (semantic.py; its means and spreads taken over
        this reviewer's scores against every work)."""
        weights = weights or AffinityWeights()
        score = np.zeros(len(self.ids), dtype=np.float64)
        text = (np.zeros(len(self.ids), np.float32) if self.vectorizer is None else
                (self.matrix @ self.reviewer_vector(reviewer).T).toarray().ravel())
        if (self.vectors is not None and unit_vectors is not None and len(unit_vectors)
                and weights.embedding > 0 and len(self.ids)):
            side = semantic.ReviewerVectors(unit_vectors, np.zeros(len(unit_vectors), np.int64), 1,
                                            centroid=False)
            e = semantic.paper_similarities(self.vectors, side, slice(None))[:, 0]
            text = semantic.fit_mix(text, e, weights.embedding).apply(text, e)
        score += weights.text * text
        known = [self._topics[t] for t in reviewer.topic_ids if t in self._topics]
        if known and len(self.ids):
            score += weights.topic * self._tp[:, known].sum(axis=1)
        return score


def compute_affinity(
    submissions: Sequence[SubmissionDoc], reviewers: Sequence[ReviewerDoc],
    bids: Iterable[BidEntry] = (), *, forbidden: Iterable[tuple[int, int]] | np.ndarray = (),
    weights: AffinityWeights | None = None, top_k: int = 200, chunk_size: int = 1000,
    exact_max_pairs: int = 50_000_000, svd_components: int = 256, seed: int = 0,
    n_jobs: int | None = None, text_model: TextModel = TextModel(),
    embeddings: semantic.EmbeddingInput | None = None,
) -> AffinityResult:
    """Score papers against reviewers and keep the candidate edges (see module docstring).

    ``forbidden`` holds (submission_id, reviewer_id) pairs (a list or an (m, 2) array).
    ``seed`` only matters in the LSA mode. ``n_jobs`` threads share the chunks (default 2).
    ``embeddings`` (aligned with ``submissions`` and ``reviewers``) are mixed into the text
    similarity with the share ``weights.embedding`` (semantic.py); without them, TF-IDF alone.
    """
    weights = weights or AffinityWeights()
    sidx, ridx = _index([s.id for s in submissions]), _index([r.id for r in reviewers])
    n_p, n_r = len(submissions), len(reviewers)
    conflict_keys, bid_keys, bid_bonus = _bid_arrays(bids, sidx, ridx, n_r, weights)
    fpairs = _pairs_to_idx(forbidden, sidx, ridx)
    fkeys = sorted_unique(np.concatenate([fpairs[:, 0] * n_r + fpairs[:, 1], conflict_keys]))
    keep = ~sorted_contains(fkeys, bid_keys)
    bid_keys, bid_bonus = bid_keys[keep], bid_bonus[keep]
    exact = n_p * n_r <= exact_max_pairs
    xp, xr = _text_vectors([s.text for s in submissions], reviewers,
                           None if exact else svd_components, seed, text_model)
    topics = _index(sorted({t for d in (*submissions, *reviewers) for t in d.topic_ids}))
    tp = _topic_matrix([s.topic_ids for s in submissions], topics)
    tp /= np.maximum(tp.sum(axis=1, keepdims=True), 1.0)
    tr_t = _topic_matrix([r.topic_ids for r in reviewers], topics).T.copy()
    xr_t = xr.T.tocsr() if sp.issparse(xr) else np.ascontiguousarray(xr.T)
    prep = _Prepared(xp, xr_t, tp, tr_t, weights, fkeys, bid_keys, bid_bonus, max(top_k, 1))
    method = "exact" if exact else f"lsa{svd_components}"
    if embeddings is not None and weights.embedding > 0 and n_p and n_r:
        prep, method = _with_embeddings(prep, embeddings, n_r, exact=exact, seed=seed, method=method)
    starts = range(0, n_p, max(chunk_size, 1))
    if n_r == 0 or n_p == 0:
        parts = []
    else:
        workers = n_jobs or min(2, os.cpu_count() or 1)
        # One BLAS thread per chunk worker: BLAS's own threads on top of ours oversubscribe the
        # cores (measured 20-30% slower at 20k x 15k on two cores).
        with threadpool_limits(1 if workers > 1 else None, user_api="blas"), \
                ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(lambda lo: _chunk(prep, lo, min(lo + chunk_size, n_p)), starts))

    def cat(i: int, dt: type) -> np.ndarray:
        return np.concatenate([p[i] for p in parts]).astype(dt) if parts else np.empty(0, dt)

    return AffinityResult(
        submission_ids=np.array([s.id for s in submissions], dtype=np.int64),
        reviewer_ids=np.array([r.id for r in reviewers], dtype=np.int64),
        paper_idx=cat(0, np.int32), reviewer_idx=cat(1, np.int32), score=cat(2, np.float64),
        forbidden=np.stack([fkeys // max(n_r, 1), fkeys % max(n_r, 1)], axis=1),
        text_method=method,
    )


def _with_embeddings(prep: _Prepared, emb: semantic.EmbeddingInput, n_r: int, *, exact: bool,
                     seed: int, method: str) -> tuple[_Prepared, str]:
    """``prep`` with the embedding side and its mix fitted on a seeded sample of papers. The
    exact path takes each reviewer's top past papers; above ``exact_max_pairs`` the centroid
    (one product per reviewer instead of one per past paper)."""
    from dataclasses import replace

    reviewers = semantic.ReviewerVectors(emb.units, emb.owner, n_r, centroid=not exact)
    rows = semantic.sample_rows(len(emb.papers), seed)
    prod = prep.xp[rows] @ prep.xr_t
    t = np.asarray(prod.toarray() if sp.issparse(prod) else prod, dtype=np.float32)
    mix = semantic.fit_mix(t, semantic.paper_similarities(emb, reviewers, rows), prep.weights.embedding)
    side = "centroid" if not exact else f"top{semantic.TOP_PAPERS}"
    return (replace(prep, embeddings=emb, reviewer_vectors=reviewers, mix=mix),
            f"{method} + embedding {side} ({round(100 * prep.weights.embedding)}%)")
