"""Text-reuse detection: shingles, MinHash signatures, LSH banding and exact verification.

Why this shape
--------------
Comparing every pair of 20,000 submissions is 2e8 set intersections; instead each text gets a
MinHash signature and only pairs that collide in at least one LSH band are verified exactly.

* Normalisation: a token is a maximal run of Unicode letters/digits (punctuation and ``_`` act as
  spaces), lower-cased; whitespace and layout are ignored.
* Shingles: every run of ``shingle_size`` consecutive tokens (default 5), hashed to 64 bits with a
  fixed, process-independent hash (blake2b per word), so set comparisons are exact up to a 2^-64
  collision chance. Texts shorter than ``shingle_size`` tokens have no shingles and are never
  flagged (there is nothing meaningful to compare).
* Measure: a pair is flagged when the containment ``|A & B| / min(|A|, |B|)`` of the shingle sets
  reaches ``threshold`` (default 0.25). Containment rather than Jaccard ``|A & B| / |A | B|``
  because it catches a short text copied into a long one (an abstract and artist statement made of
  a paper's passages: Jaccard ~0.15, containment ~0.45). Both are reported.
  Why 0.25: with 5-word shingles, replacing 20% of the words at random keeps 0.8^5 = 33% of the
  shingles (containment ~0.33, Jaccard ~0.2); unrelated texts share well under 1% of them.
* MinHash: ``num_perm`` hash functions ``h_i(x) = a_i * x + b_i mod 2^32`` (``a_i`` odd, drawn from
  ``seed``) applied to the top 32 bits of each shingle hash; 32-bit arithmetic vectorises (SIMD) and
  is ~10x faster than 64-bit in numpy. ``P[min h_i(A) == min h_i(B)] ~= Jaccard(A, B)``.
* From containment to the Jaccard that LSH sees: for sets of sizes m <= M = rho * m with
  containment c, ``J = c / (1 + rho - c)``. LSH is sized for the Jaccard floor
  ``J* = threshold / (1 + size_ratio - threshold)`` (default size_ratio 1.5: J* = 0.111), so the
  guarantee below covers every flagged pair whose shingle sets differ in size by <= 1.5x; more
  lopsided pairs are still found with high probability (P = 0.993 at J = 0.067, a 200-word
  abstract inside a 3000-word paper) but not with the 1e-6 bound.
* LSH S-curve: the signature is cut into ``bands`` bands of ``rows`` rows; a pair becomes a
  candidate when all rows of at least one band agree. For Jaccard ``s``::

      P(candidate) = 1 - (1 - s**rows) ** bands        P(miss) = (1 - s**rows) ** bands

  With ``rows = 2``, ``bands = ceil(ln 1e-6 / ln(1 - J***2))`` = 1113 (2226 permutations) gives
  P(miss) <= 1e-6 at J* and less above it (1e-19 at 0.2), while an unrelated pair at Jaccard 0.001
  becomes a candidate with P ~ 1e-3, which keeps verification cheap. ``rows = 2`` beats 3 here:
  at J* = 0.11 three rows would need ~10,000 bands.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.25
DEFAULT_SIZE_RATIO = 1.5
DEFAULT_SHINGLE_SIZE = 5
DEFAULT_ROWS = 2
MAX_MISS = 1e-6
_TOKEN = re.compile(r"[^\W_]+")
_SHINGLES_PER_BATCH = 1 << 16
_PERMS_PER_CHUNK = 64
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_EMPTY = np.zeros(0, dtype=np.uint64)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Document:
    """A text to check; ``id`` is the caller's key (e.g. a submission id)."""

    id: int
    text: str


@dataclass(frozen=True)
class SimilarPair:
    """A flagged pair; ``a_id < b_id`` unless ``archived`` (then ``b_id`` is an archive text)."""

    a_id: int
    b_id: int
    similarity: float
    containment: float
    archived: bool = False


@dataclass(frozen=True)
class Passage:
    """A run of at least ``min_words`` equal tokens: character spans in each text."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str


# --- tokens and shingles -------------------------------------------------------------------


def tokenize(text: str) -> list[str]:
    """Lower-cased letter/digit runs; lower() on the joined string is one C call, not n."""
    tokens = _TOKEN.findall(text)
    return "\x00".join(tokens).lower().split("\x00") if tokens else []


class _WordHashes(dict[str, int]):
    """Memo of word -> 64-bit blake2b; Python's hash() is salted per process, so not usable."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        self[word] = value
        return value

    def array(self, tokens: list[str]) -> np.ndarray:
        """Hash all tokens; map() over __getitem__ keeps the per-token cost in C."""
        return np.fromiter(map(self.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def shingle_hashes(words: np.ndarray, k: int) -> np.ndarray:
    """64-bit hash of every k-token window (order-sensitive), computed for all windows at once."""
    n = len(words) - k + 1
    if n <= 0:
        return _EMPTY
    h = words[:n].copy()
    for j in range(1, k):
        h *= _M1
        h ^= words[j : j + n]
    h ^= h >> np.uint64(31)
    h *= _M2
    h ^= h >> np.uint64(29)
    return h


def shingle_set(text: str, k: int = DEFAULT_SHINGLE_SIZE, hasher: _WordHashes | None = None):
    """Sorted unique shingle hashes of a text: the exact set the verification compares."""
    hasher = hasher if hasher is not None else _WordHashes()
    return np.unique(shingle_hashes(hasher.array(tokenize(text)), k))


# --- MinHash ---------------------------------------------------------------------------------


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of the hash family; the seed makes runs reproducible."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


def _minhash_batch(parts: list[np.ndarray], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Signatures (len(parts), num_perm) of non-empty 32-bit shingle arrays, one pass per chunk."""
    xs = np.concatenate(parts)
    starts = np.cumsum([0] + [len(p) for p in parts[:-1]])
    out = np.empty((len(a), len(parts)), dtype=np.uint32)
    for lo in range(0, len(a), _PERMS_PER_CHUNK):
        hi = min(lo + _PERMS_PER_CHUNK, len(a))
        buf = np.multiply.outer(a[lo:hi], xs)
        buf += b[lo:hi, None]
        out[lo:hi] = np.minimum.reduceat(buf, starts, axis=1)
    return out.T


def _signatures(
    texts: Sequence[str], k: int, a: np.ndarray, b: np.ndarray, hasher: _WordHashes,
    progress: Progress | None, total: int,
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash every text in batches of ~64k shingles; returns (signatures, has_shingles mask)."""
    sigs = np.full((len(texts), len(a)), np.iinfo(np.uint32).max, dtype=np.uint32)
    valid = np.zeros(len(texts), dtype=bool)
    batch: list[np.ndarray] = []
    rows: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        sh = shingle_hashes(hasher.array(tokenize(text)), k)
        if len(sh):
            batch.append((sh >> np.uint64(32)).astype(np.uint32))
            rows.append(i)
            size += len(sh)
        if batch and (size >= _SHINGLES_PER_BATCH or i == len(texts) - 1):
            sigs[rows] = _minhash_batch(batch, a, b)
            valid[rows] = True
            batch, rows, size = [], [], 0
            if progress:
                progress(i + 1, total)
    return sigs, valid


# --- LSH -------------------------------------------------------------------------------------


def miss_probability(similarity: float, bands: int, rows: int) -> float:
    """P(a pair at this Jaccard shares no band): the S-curve ``(1 - s**rows) ** bands``."""
    return (1.0 - similarity**rows) ** bands


def jaccard_floor(threshold: float, size_ratio: float = DEFAULT_SIZE_RATIO) -> float:
    """Lowest Jaccard of a pair with containment >= threshold and set sizes within size_ratio."""
    return threshold / (1.0 + size_ratio - threshold)


def lsh_parameters(
    threshold: float, num_perm: int | None = None, bands: int | None = None
) -> tuple[int, int]:
    """(bands, rows) with P(miss at Jaccard threshold) <= MAX_MISS, where the caller leaves room.

    Nothing given: rows = 2 and as many bands as the bound needs. ``num_perm`` given: the most
    selective rows (largest) that still meets the bound, else rows = 1.
    """
    if num_perm is not None and bands is not None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        return bands, num_perm // bands
    if bands is not None:
        return bands, DEFAULT_ROWS
    if num_perm is None:
        t = min(max(threshold, 1e-3), 0.999)
        need = math.ceil(math.log(MAX_MISS) / math.log(1.0 - t**DEFAULT_ROWS))
        return need, DEFAULT_ROWS
    for rows in range(num_perm, 0, -1):
        if miss_probability(threshold, num_perm // rows, rows) <= MAX_MISS:
            return num_perm // rows, rows
    return num_perm, 1


def _band_keys(sigs: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One uint64 key per signature for a band; a key collision only adds a verified candidate."""
    cols = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.full(len(sigs), band, dtype=np.uint64)
    for c in range(rows):
        key = (key * _M1) ^ cols[:, c]
    return key


def _bucket_pairs(order: np.ndarray, keys: np.ndarray) -> Iterable[tuple[int, int]]:
    """All index pairs inside each bucket of equal keys (keys already sorted by ``order``)."""
    sorted_keys = keys[order]
    same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
    if not len(same):
        return
    run_starts = same[np.r_[True, np.diff(same) > 1]]
    for s in run_starts:
        e = s + 1
        while e < len(order) and sorted_keys[e] == sorted_keys[s]:
            e += 1
        members = np.sort(order[s:e])
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                yield int(members[x]), int(members[y])


def _candidates(sigs: np.ndarray, valid: np.ndarray, n_current: int, bands: int, rows: int):
    """Index pairs (i < j) colliding in some band, with at least one current document (i)."""
    idx = np.flatnonzero(valid)
    sub = sigs[idx]
    found: set[tuple[int, int]] = set()
    for band in range(bands):
        keys = _band_keys(sub, band, rows)
        for x, y in _bucket_pairs(np.argsort(keys, kind="stable"), keys):
            if idx[x] < n_current:
                found.add((int(idx[x]), int(idx[y])))
    return sorted(found)


# --- verification and public API -------------------------------------------------------------


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two sorted unique shingle arrays."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def _make_pair(docs: Sequence[Document], n_current: int, i: int, j: int, jac: float, con: float):
    """Order ids for display: current-current pairs by id, archive text always second."""
    a, b = docs[i], docs[j]
    if j >= n_current:
        return SimilarPair(a.id, b.id, jac, con, archived=True)
    lo, hi = sorted((a.id, b.id))
    return SimilarPair(lo, hi, jac, con)


def _sort_pairs(pairs: list[SimilarPair]) -> list[SimilarPair]:
    """Most reused first, ties by ids, so output order is deterministic."""
    return sorted(pairs, key=lambda p: (-p.containment, -p.similarity, p.a_id, p.b_id, p.archived))


def find_similar_pairs(
    documents: Sequence[Document],
    *,
    archive: Sequence[Document] = (),
    threshold: float = DEFAULT_THRESHOLD,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    size_ratio: float = DEFAULT_SIZE_RATIO,
    num_perm: int | None = None,
    bands: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> list[SimilarPair]:
    """Pairs whose shingle containment is >= threshold, without comparing every pair.

    LSH is sized for ``jaccard_floor(threshold, size_ratio)`` unless num_perm/bands are given.

    ``archive`` texts (accepted works of earlier events) are indexed too, but pairs of two archive
    texts are not reported. ``progress(done, total)`` is called per batch of texts while
    signing and per candidate while verifying; total = texts + candidates, so it grows once the
    candidates are known.
    """
    docs = list(documents) + list(archive)
    n_current = len(documents)
    n_bands, rows = lsh_parameters(jaccard_floor(threshold, size_ratio), num_perm, bands)
    a, b = _permutations(n_bands * rows, seed)
    hasher = _WordHashes()
    sigs, valid = _signatures([d.text for d in docs], shingle_size, a, b, hasher, progress, len(docs))
    cands = _candidates(sigs, valid, n_current, n_bands, rows)
    if progress:
        progress(len(docs), len(docs) + len(cands))
    sets: dict[int, np.ndarray] = {}
    pairs = []
    for done, (i, j) in enumerate(cands, 1):
        for x in (i, j):
            if x not in sets:
                sets[x] = shingle_set(docs[x].text, shingle_size, hasher)
        jac, con = _overlap(sets[i], sets[j])
        if con >= threshold:
            pairs.append(_make_pair(docs, n_current, i, j, jac, con))
        if progress and (done % 256 == 0 or done == len(cands)):
            progress(len(docs) + done, len(docs) + len(cands))
    return _sort_pairs(pairs)


def full_pairwise(
    documents: Sequence[Document],
    *,
    archive: Sequence[Document] = (),
    threshold: float = DEFAULT_THRESHOLD,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
) -> list[SimilarPair]:
    """Exact reference: every pair's overlap via one sparse product (docs x shingles)."""
    from scipy import sparse

    docs = list(documents) + list(archive)
    n_current = len(documents)
    hasher = _WordHashes()
    sets = [shingle_set(d.text, shingle_size, hasher) for d in docs]
    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    _, col = np.unique(np.concatenate(sets + [_EMPTY]), return_inverse=True)
    row = np.repeat(np.arange(len(docs)), sizes)
    shape = (len(docs), int(col.max()) + 1 if len(col) else 0)
    x = sparse.csr_matrix((np.ones(len(col), dtype=np.int32), (row, col)), shape=shape)
    inter = sparse.triu(x[:n_current] @ x.T, k=1).tocoo()
    pairs = []
    for i, j, n in zip(inter.row, inter.col, inter.data, strict=True):
        jac = n / (sizes[i] + sizes[j] - n)
        con = n / min(sizes[i], sizes[j])
        if con >= threshold:
            pairs.append(_make_pair(docs, n_current, int(i), int(j), float(jac), float(con)))
    return _sort_pairs(pairs)


def _token_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens (same rule as ``tokenize``) with their character spans in the original text."""
    matches = list(_TOKEN.finditer(text))
    return tokenize(text), [m.span() for m in matches]


def shared_passages(text_a: str, text_b: str, *, min_words: int = 8) -> list[Passage]:
    """Maximal shared token runs of >= min_words, as character spans, for side-by-side display.

    Runs are taken longest first and may not overlap an already taken run in either text (greedy
    string tiling), so a passage repeated in one text is highlighted once. Sorted by ``a_start``.
    """
    tok_a, span_a = _token_spans(text_a)
    tok_b, span_b = _token_spans(text_b)
    hasher = _WordHashes()
    ha = shingle_hashes(hasher.array(tok_a), min_words)
    hb = shingle_hashes(hasher.array(tok_b), min_words)
    where_b: dict[int, list[int]] = {}
    for j in np.flatnonzero(np.isin(hb, ha)):
        where_b.setdefault(int(hb[j]), []).append(int(j))
    runs = []
    for i in np.flatnonzero(np.isin(ha, hb)):
        for j in where_b[int(ha[i])]:
            if i and j and tok_a[i - 1] == tok_b[j - 1]:
                continue  # not maximal: the run starting one token earlier covers it
            n = 0
            while i + n < len(tok_a) and j + n < len(tok_b) and tok_a[i + n] == tok_b[j + n]:
                n += 1
            if n >= min_words:
                runs.append((n, int(i), j))
    return _tile(runs, text_a, span_a, span_b)


def _tile(runs, text_a: str, span_a, span_b) -> list[Passage]:
    """Greedy tiling: keep the longest runs that overlap nothing kept before."""
    used_a: list[tuple[int, int]] = []
    used_b: list[tuple[int, int]] = []
    out = []
    for n, i, j in sorted(runs, key=lambda r: (-r[0], r[1], r[2])):
        if any(i < e and s < i + n for s, e in used_a) or any(j < e and s < j + n for s, e in used_b):
            continue
        used_a.append((i, i + n))
        used_b.append((j, j + n))
        a0, a1 = span_a[i][0], span_a[i + n - 1][1]
        out.append(Passage(a0, a1, span_b[j][0], span_b[j + n - 1][1], text_a[a0:a1]))
    return sorted(out, key=lambda p: (p.a_start, p.b_start))
