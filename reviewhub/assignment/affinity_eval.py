"""An evaluation of text affinity that needs no held-back data (pure, seeded).

    corpus = make_corpus(600, seed=1)             # researchers with past papers, generated
    figures = evaluate(corpus, TextModel())       # {"mrr": ..., "recall10": ..., "loss": ...}
    vectors = corpus_embeddings(corpus, embedding.embed)   # with the extra installed
    figures = evaluate(corpus, TextModel(), embeddings=vectors, alpha=0.5)

Held-out-paper retrieval: each researcher's last past paper is hidden among the hidden papers
of everyone; the rest of their papers are their profile. ``mrr`` is the mean reciprocal rank
of their own paper, ``recall10`` the share ranked in the top 10. ``loss`` is the pairwise
ordering loss of issue 19 (for each researcher, 30 papers of the pool; a pair of papers with
different expertise ratings costs the difference when the affinity orders it wrongly and half
of it on a tie, over the sum of differences; 0 perfect, 0.5 constant), with ratings from the
generator's topic structure: 3 own primary subfield, 2 its other subfield or own secondary
subfield, 1 secondary topic, 0 otherwise.

The corpus imitates what real abstracts do that a bag of words misses: words come inflected
(watermark, watermarks, watermarking, watermarked), and part of each subfield's signal is in
two-word terms built from common words (like "language model" vs "diffusion model") whose
single words say little. Research topics and their vocabulary are ``synthetic.TOPICS``, each
split in two subfields; researchers work in a primary subfield and a secondary topic.
It is a proxy, not the held-back benchmark: it measures whether a change helps on these
known effects, and guards against regressions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewhub.assignment.affinity import (
    AffinityWeights,
    ReviewerDoc,
    SubmissionDoc,
    TextModel,
    compute_affinity,
)
from reviewhub.assignment.semantic import EmbeddingInput
from reviewhub.assignment.synthetic import BACKGROUND, TOPICS

SENTENCE = 12  # tokens per sentence
TAIL_WORDS = 5000  # rare generic words


@dataclass(frozen=True)
class Paper:
    text: str
    subfield: int  # topic * 2 + half


@dataclass(frozen=True)
class Researcher:
    primary: int  # subfield
    secondary_topic: int
    papers: tuple[Paper, ...]


def _inflect(word: str, form: int) -> str:
    """One of a word's surface forms: base, plural/3rd person, -ing, -ed."""
    if form == 0 or "-" in word or word.endswith(("s", "ing", "ed")):
        return word
    stem = word[:-1] if word.endswith("e") else word
    return (word + "s", stem + "ing", stem + "ed")[form - 1]


class _Lexicon:
    def __init__(self, rng: np.random.Generator):
        self.topic_words = [words.split() for _, words in TOPICS]
        generic = BACKGROUND
        self.phrases = []  # per subfield: two-word terms of common words, unique to it
        used = set()
        for _ in range(2 * len(TOPICS)):
            mine = []
            while len(mine) < 6:
                a, b = rng.choice(len(generic), 2, replace=False)
                if (a, b) not in used:
                    used.add((a, b))
                    mine.append((generic[a], generic[b]))
            self.phrases.append(mine)
        # Generic words follow Zipf's law over a large vocabulary, as in real text: the common
        # ones (BACKGROUND) are frequent, and a long tail of rare words makes most chance
        # pairs of generic words rare too. (A small generic vocabulary would make every chance
        # pair frequent, which real abstracts do not do.)
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
        tail = sorted({"".join(rng.choice(syllables, 3)) for _ in range(TAIL_WORDS)})
        self.background = list(generic) + tail
        weight = 1.0 / np.arange(1, len(self.background) + 1)
        self.background_p = weight / weight.sum()

    def subfield_words(self, subfield: int) -> list[str]:
        words = self.topic_words[subfield // 2]
        half = len(words) // 2
        return words[:half] if subfield % 2 == 0 else words[half:]


def _paper(rng: np.random.Generator, lex: _Lexicon, subfield: int, secondary_topic: int) -> str:
    """Tokens: 30% subfield words, 15% the topic's words, 20% subfield terms (word pairs),
    10% the secondary topic's words, 25% background; each content word inflected at random."""
    n = int(rng.integers(80, 160))
    tokens: list[str] = []
    mine, topic = lex.subfield_words(subfield), lex.topic_words[subfield // 2]
    other = lex.topic_words[secondary_topic]
    kinds = rng.choice(5, n, p=(0.30, 0.15, 0.10, 0.10, 0.35))  # kind 3 = a two-word term
    for kind in kinds:
        if kind == 3:
            a, b = lex.phrases[subfield][rng.integers(len(lex.phrases[subfield]))]
            tokens += [a, b]
            continue
        if kind == 4:
            tokens.append(lex.background[rng.choice(len(lex.background), p=lex.background_p)])
            continue
        pool = (mine, topic, other)[kind]
        word = pool[rng.integers(len(pool))]
        tokens.append(_inflect(word, int(rng.integers(4))))
    sentences = [" ".join(tokens[i:i + SENTENCE]) for i in range(0, len(tokens), SENTENCE)]
    return ". ".join(s.capitalize() for s in sentences) + "."


def make_corpus(n_researchers: int, *, seed: int, papers: tuple[int, int] = (3, 7)) -> list[Researcher]:
    rng = np.random.default_rng(seed)
    lex = _Lexicon(rng)
    out = []
    for _ in range(n_researchers):
        primary = int(rng.integers(2 * len(TOPICS)))
        secondary = int((primary // 2 + rng.integers(1, len(TOPICS))) % len(TOPICS))
        written = []
        for _ in range(int(rng.integers(*papers))):
            # most papers in the primary subfield, some in the secondary topic
            sub = primary if rng.random() < 0.75 else 2 * secondary + int(rng.integers(2))
            written.append(Paper(_paper(rng, lex, sub, secondary), sub))
        out.append(Researcher(primary, secondary, tuple(written)))
    return out


def rating(researcher: Researcher, paper: Paper) -> int:
    if paper.subfield == researcher.primary:
        return 3
    if paper.subfield // 2 == researcher.primary // 2:
        return 2
    if paper.subfield // 2 == researcher.secondary_topic:
        return 1
    return 0


def corpus_embeddings(corpus: list[Researcher], embed) -> EmbeddingInput:
    """Vectors of every hidden paper and every profile paper, by ``embed(texts)``."""
    hidden = [r.papers[-1].text for r in corpus]
    units = [p.text for r in corpus for p in r.papers[:-1]]
    owner = np.array([i for i, r in enumerate(corpus) for _ in r.papers[:-1]], dtype=np.int64)
    vectors = embed(hidden + units)
    return EmbeddingInput(vectors[:len(hidden)], np.ones(len(hidden), bool), vectors[len(hidden):], owner)


def score_matrix(corpus: list[Researcher], model: TextModel, *, lsa: bool = False,
                 svd_components: int = 128, seed: int = 0,
                 embeddings: EmbeddingInput | None = None, alpha: float = 0.0) -> np.ndarray:
    """Text affinity (researchers x hidden papers), as ``compute_affinity`` scores it; with
    ``embeddings``, mixed with the embedding similarity at share ``alpha``."""
    subs = [SubmissionDoc(i, r.papers[-1].text) for i, r in enumerate(corpus)]
    revs = [ReviewerDoc(i, " ".join(p.text for p in r.papers[:-1]), (),
                        tuple(p.text for p in r.papers[:-1])) for i, r in enumerate(corpus)]
    weights = AffinityWeights(text=1.0, topic=0.0, embedding=alpha, bid_bonus={})
    res = compute_affinity(subs, revs, weights=weights, top_k=len(subs),
                           exact_max_pairs=0 if lsa else 10**12, svd_components=svd_components,
                           seed=seed, text_model=model, n_jobs=1, embeddings=embeddings)
    scores = np.zeros((len(corpus), len(corpus)))
    scores[res.reviewer_idx, res.paper_idx] = res.score
    return scores


def pairwise_loss(scores: np.ndarray, ratings: np.ndarray) -> float:
    """Issue 19's loss over every pair of papers per researcher (rows)."""
    lost = total = 0.0
    for s, y in zip(scores, ratings, strict=True):
        dy = y[:, None] - y[None, :]
        ds = s[:, None] - s[None, :]
        upper = dy > 0  # pairs where paper i is rated above paper j
        total += dy[upper].sum()
        lost += (dy[upper] * np.where(ds[upper] < 0, 1.0, np.where(ds[upper] == 0, 0.5, 0.0))).sum()
    return float(lost / total) if total else 0.0


def evaluate(corpus: list[Researcher], model: TextModel, *, lsa: bool = False, seed: int = 0,
             sample: int = 30, svd_components: int = 128, embeddings: EmbeddingInput | None = None,
             alpha: float = 0.0) -> dict[str, float]:
    scores = score_matrix(corpus, model, lsa=lsa, seed=seed, svd_components=svd_components,
                          embeddings=embeddings, alpha=alpha)
    n = len(corpus)
    own = np.diag(scores)
    rank = 1 + (scores > own[:, None]).sum(axis=1) + 0.5 * ((scores == own[:, None]).sum(axis=1) - 1)
    rng = np.random.default_rng(seed)
    rows, rated = [], []
    for i in range(n):
        pick = rng.choice(n, min(sample, n), replace=False)
        rows.append(scores[i, pick])
        rated.append(np.array([rating(corpus[i], corpus[j].papers[-1]) for j in pick]))
    return {"mrr": float((1 / rank).mean()), "recall10": float((rank <= 10).mean()),
            "loss": pairwise_loss(np.array(rows), np.array(rated))}
