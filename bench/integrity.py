"""Benchmark text-reuse detection on a synthetic corpus with planted copies of four kinds."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from reviewhub.integrity.core import (
    DEFAULT_THRESHOLD,
    Document,
    find_similar_pairs,
    full_pairwise,
    jaccard_floor,
    lsh_parameters,
    miss_probability,
    shingle_hashes,
    tokenize,
)

KINDS = ("exact", "changed20", "reordered", "creative")


@dataclass(frozen=True)
class Corpus:
    """Texts plus the planted (source index, copy index, kind) triples."""

    texts: list[str]
    planted: list[tuple[int, int, str]]


class Generator:
    """Zipfian word source: unrelated texts share common words, as real papers do."""

    def __init__(self, seed: int, vocab_size: int = 50_000, zipf_s: float = 1.07) -> None:
        self.rng = np.random.default_rng(seed)
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        lengths = self.rng.integers(2, 11, vocab_size)
        self.vocab = ["".join(self.rng.choice(letters, n)) for n in lengths]
        weights = 1.0 / np.arange(1, vocab_size + 1) ** zipf_s
        self.cdf = np.cumsum(weights / weights.sum())

    def words(self, n: int) -> list[str]:
        """n words drawn from the Zipf distribution."""
        idx = np.searchsorted(self.cdf, self.rng.random(n))
        idx = np.minimum(idx, len(self.vocab) - 1)
        return [self.vocab[i] for i in idx]

    def paragraphs(self, n_words: int) -> list[list[str]]:
        """Split n_words into paragraphs of 60-220 words."""
        out, left = [], n_words
        while left > 0:
            size = min(left, int(self.rng.integers(60, 221)))
            out.append(self.words(size))
            left -= size
        return out


def render(paragraphs: list[list[str]]) -> str:
    """Sentences of 15 words with a capital and a full stop, paragraphs split by blank lines."""
    out = []
    for para in paragraphs:
        sentences = [para[i : i + 15] for i in range(0, len(para), 15)]
        out.append(" ".join(" ".join(s).capitalize() + "." for s in sentences))
    return "\n\n".join(out)


def change_words(gen: Generator, paras: list[list[str]], rate: float) -> list[list[str]]:
    """Replace each word with probability ``rate`` (uniformly spread: the hard case)."""
    out = []
    for para in paras:
        mask = gen.rng.random(len(para)) < rate
        fresh = iter(gen.words(int(mask.sum())))
        out.append([next(fresh) if m else w for w, m in zip(para, mask, strict=True)])
    return out


def creative_variant(gen: Generator, paras: list[list[str]]) -> list[list[str]]:
    """Same abstract (first paragraph) + an artist statement: new text around 4 reused passages."""
    flat = [w for p in paras[1:] for w in p]
    out = [paras[0]]
    for _ in range(4):
        n = int(gen.rng.integers(40, 81))
        start = int(gen.rng.integers(0, len(flat) - n))
        out.append(gen.words(int(gen.rng.integers(80, 161))))
        out.append(flat[start : start + n])
    return out


def make_corpus(n: int, per_kind: int, seed: int) -> Corpus:
    """n texts: n - 4*per_kind originals, then one planted copy per kind per source."""
    gen = Generator(seed)
    n_orig = n - per_kind * len(KINDS)
    paras = [gen.paragraphs(int(gen.rng.integers(1500, 3001))) for _ in range(n_orig)]
    texts = [render(p) for p in paras]
    sources = gen.rng.choice(n_orig, per_kind * len(KINDS), replace=False)
    planted = []
    for k, src in enumerate(sources):
        kind, p = KINDS[k // per_kind], paras[src]
        if kind == "exact":
            copy = texts[src]
        elif kind == "changed20":
            copy = render(change_words(gen, p, 0.2))
        elif kind == "reordered":
            copy = render([p[i] for i in gen.rng.permutation(len(p))])
        else:
            copy = render(creative_variant(gen, p))
        planted.append((int(src), len(texts), kind))
        texts.append(copy)
    return Corpus(texts, planted)


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_check(docs: list[Document], threshold: float) -> tuple[list, dict[str, float]]:
    """find_similar_pairs, with stage times read off the progress callback."""
    marks: list[float] = []
    n = len(docs)

    def progress(done: int, total: int) -> None:
        if done == n:
            marks.append(time.perf_counter())

    t0 = time.perf_counter()
    pairs = find_similar_pairs(docs, threshold=threshold, progress=progress)
    t3 = time.perf_counter()
    t1, t2 = marks[0], marks[-1]
    return pairs, {"shingle+minhash": t1 - t0, "lsh candidates": t2 - t1, "verify": t3 - t2, "total": t3 - t0}


def report(corpus: Corpus, pairs: list, threshold: float) -> None:
    """Recall per planted kind, false positives and the similarity range per kind."""
    truth = {(min(s, c), max(s, c)): kind for s, c, kind in corpus.planted}
    found = {(p.a_id, p.b_id): p for p in pairs}
    print(f"\n{'kind':<11}{'recall':>8}{'min J':>8}{'mean J':>8}{'min C':>8}{'mean C':>8}")
    for kind in KINDS:
        keys = [k for k, v in truth.items() if v == kind]
        hits = [found[k] for k in keys if k in found]
        js = [h.similarity for h in hits] or [float("nan")]
        cs = [h.containment for h in hits] or [float("nan")]
        print(f"{kind:<11}{len(hits):>4}/{len(keys):<3}{min(js):>8.3f}{np.mean(js):>8.3f}{min(cs):>8.3f}{np.mean(cs):>8.3f}")
    print(f"false positives: {sum(1 for k in found if k not in truth)} (threshold {threshold})")


def sample_with_plants(docs: list[Document], corpus: Corpus, size: int) -> list[Document]:
    """A sample holding every 5th planted pair (both sides), filled up with other texts."""
    keep = {i for s, c, _ in corpus.planted[::5] for i in (s, c)}
    for i in range(len(docs)):
        if len(keep) >= size:
            break
        keep.add(i)
    return [docs[i] for i in sorted(keep)]


def main() -> None:
    """Generate, check, report, then prove LSH == full pairwise on a sample."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--per-kind", type=int, default=50)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()

    t = time.perf_counter()
    corpus = make_corpus(args.n, args.per_kind, args.seed)
    words = sum(len(x.split()) for x in corpus.texts)
    print(f"generated {len(corpus.texts)} texts, {words / len(corpus.texts):.0f} words avg, "
          f"{sum(map(len, corpus.texts)) / 1e6:.0f} MB in {time.perf_counter() - t:.1f}s; "
          f"peak RSS {peak_mb():.0f} MB")
    floor = jaccard_floor(args.threshold)
    bands, rows = lsh_parameters(floor)
    print(f"LSH: {bands} bands x {rows} rows = {bands * rows} permutations; P(miss) at "
          f"J*={floor:.3f}: {miss_probability(floor, bands, rows):.1e}, "
          f"at J=0.08: {miss_probability(0.08, bands, rows):.1e}")

    t = time.perf_counter()
    for x in corpus.texts[:2000]:
        shingle_hashes(np.zeros(len(tokenize(x)), dtype=np.uint64), 5)
    print(f"tokenizing alone: {(time.perf_counter() - t) * len(corpus.texts) / 2000:.1f}s (est.)")

    rss_before = peak_mb()
    docs = [Document(i, x) for i, x in enumerate(corpus.texts)]
    pairs, times = run_check(docs, args.threshold)
    for stage, secs in times.items():
        print(f"  {stage:<16}{secs:8.1f}s")
    print(f"peak RSS {peak_mb():.0f} MB (corpus alone {rss_before:.0f} MB)")
    report(corpus, pairs, args.threshold)

    sample = sample_with_plants(docs, corpus, args.sample)
    t = time.perf_counter()
    lsh = find_similar_pairs(sample, threshold=args.threshold)
    t_lsh = time.perf_counter() - t
    t = time.perf_counter()
    exact = full_pairwise(sample, threshold=args.threshold)
    t_full = time.perf_counter() - t
    key = {(p.a_id, p.b_id) for p in lsh}
    missed = [p for p in exact if (p.a_id, p.b_id) not in key]
    extra = [p for p in lsh if (p.a_id, p.b_id) not in {(q.a_id, q.b_id) for q in exact}]
    assert not extra, "LSH reported a pair the exact check does not"
    print(f"\nsample of {len(sample)}: LSH {len(lsh)} pairs in {t_lsh:.1f}s, full pairwise "
          f"{len(exact)} pairs in {t_full:.1f}s; missed by LSH: {len(missed)}")


if __name__ == "__main__":
    main()
