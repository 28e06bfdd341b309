"""Deterministic synthetic submissions, reviewers, bids and conflicts drawn from a noisy topic model.

Usage::

    data = generate(2000, 1400, seed=7)          # SyntheticDataset (frozen)
    subs, revs, bids = to_affinity_inputs(data)  # inputs for affinity.compute_affinity

Each document mixes one primary topic, one secondary topic and a background of generic
research words, so a reviewer whose topics match a paper shares vocabulary with it while noise
keeps the match imperfect. The vocabulary follows the NeurIPS 2024 "Generative AI and
Creativity" workshop, so the same data drives a plausible UI demo. Everything depends only on
``seed``; there is no clock and no global random state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewhub.assignment.affinity import BidEntry, ReviewerDoc, SubmissionDoc

TOPICS: tuple[tuple[str, str], ...] = (
    ("Interactive human-in-the-loop creative systems",
     "interactive cocreative interface steering feedback iteration sketching mixed-initiative "
     "prototyping designer agency controllability editing refinement turn collaboration tool "
     "usability participants study workflow partner suggestion intent"),
    ("Plagiarism and memorisation detection",
     "plagiarism memorization duplication near-duplicate copying regurgitation similarity "
     "retrieval fingerprint extraction attribution originality verbatim overlap derivative "
     "replication leakage audit training-set match"),
    ("Protecting creators from training",
     "opt-out consent cloaking glaze perturbation mimicry style protection adversarial artists "
     "scraping unlearning poisoning robustness defence creators livelihood permission nightshade"),
    ("Representational bias in generated media",
     "bias stereotypes representation demographic fairness gender skin underrepresented culture "
     "diversity disparity harms audit prompts portrayal inclusion identity erasure"),
    ("Detecting AI-generated content",
     "detection detector watermark watermarking synthetic forensic classifier provenance-signal "
     "artifacts authenticity deepfake spoofing paraphrase evasion zero-shot perplexity"),
    ("Benchmarking and evaluating creativity",
     "benchmark evaluation creativity novelty surprise divergent originality metrics judges "
     "rubric torrance human-rating leaderboard assessment value quality protocol"),
    ("Data governance and provenance",
     "governance provenance lineage documentation datasheet metadata accountability stewardship "
     "transparency registry consent-tracking traceability records compliance auditability"),
    ("Data licensing and copyright",
     "licensing copyright license fair-use royalties compensation ownership contracts legal "
     "infringement rights collective-licensing remuneration policy law creative-commons"),
    ("Music and sound generation",
     "music audio melody harmony composition symbolic midi timbre rhythm musicians song "
     "accompaniment sound waveform improvisation score chord"),
    ("Visual art and image generation",
     "image diffusion painting illustration visual artwork pixels texture style-transfer canvas "
     "photography inpainting drawing aesthetics sketch rendering"),
    ("Creative writing and storytelling",
     "writing story narrative poetry fiction characters plot authors prose screenplay dialogue "
     "language-model drafting rewriting literary genre"),
    ("Performance, dance and theatre",
     "performance dance theatre choreography stage live embodied movement motion-capture actors "
     "improvised audience puppetry gesture ensemble"),
    ("Film, video and animation",
     "video film animation cinematography frames temporal editing storyboard motion camera "
     "scene shots filmmaker visual-effects montage"),
    ("Labour, economics and the creative industries",
     "labour economics employment market income freelancers industry displacement workers "
     "automation value-chain platforms precarity wages adoption survey"),
)

BACKGROUND = (
    "we propose method approach results show model models system framework study analysis "
    "novel paper present evaluate experiments dataset data performance demonstrate task tasks "
    "learning generative neural large training propose baseline baselines significant improve "
    "existing work research understanding challenges human users practice design insights "
    "findings open questions future directions case qualitative quantitative empirical "
    "simulation comparison outperforms state-of-the-art scalable efficient robust"
).split()

SENTENCES = (
    "We study {} for {} in {} settings.", "Our approach combines {} and {} to support {}.",
    "We introduce a {} {} that improves {}.", "Experiments on {} show gains in {} and {}.",
    "Prior work on {} overlooks {} and {}.", "We release a {} of {} with {} annotations.",
    "Participants reported that {} helped {} during {}.", "This raises questions about {} and {}.",
    "We analyse how {} interacts with {} across {}.", "Results suggest {} matters more than {}.",
)
FIRST = ("Ada Alan Amara Ana Bo Chen Dara Elif Emeka Eva Farah Hiro Ines Ivan Jana Joon Kai "
         "Lena Luis Maya Mei Nadia Noor Omar Priya Rafael Sara Sven Tariq Uma Vera Wei Yara Zoe").split()
LAST = ("Abebe Andersson Banerjee Costa Dubois Eze Fischer Garcia Haddad Ito Jensen Kim Kowalski "
        "Lee Martins Moreau Nakamura Novak Okafor Patel Quinn Rossi Santos Schmidt Singh Tanaka "
        "Umar Varga Wang Weber Yilmaz Zhang").split()
AFFILIATIONS = (("Aalto Creative Lab", "aalto.example"), ("Bay Arts Institute", "bay.example"),
                ("Cairo Media School", "cairo.example"), ("Delft Design Univ.", "delft.example"),
                ("Edinburgh Informatics", "ed.example"), ("Kyoto Sound Lab", "kyoto.example"),
                ("Lagos AI Centre", "lagos.example"), ("Montreal Music Tech", "mtl.example"),
                ("Seoul Film Academy", "seoul.example"), ("Tartu Text Group", "tartu.example"),
                ("Independent artist", "studio.example"), ("Open Culture NGO", "ngo.example"))
BID_LEVELS = ("eager", "willing", "neutral", "not_willing")


@dataclass(frozen=True)
class Person:
    """An author or reviewer identity for demos and fixtures."""

    name: str
    email: str
    affiliation: str


@dataclass(frozen=True)
class SyntheticSubmission:
    """One paper or creative work; ``topics`` index into ``TOPICS``."""

    id: int
    title: str
    abstract: str
    keywords: tuple[str, ...]
    topics: tuple[int, ...]
    authors: tuple[Person, ...]


@dataclass(frozen=True)
class SyntheticReviewer:
    """A reviewer with an expertise statement and past papers (``(title, abstract)`` pairs)."""

    id: int
    person: Person
    expertise: str
    keywords: tuple[str, ...]
    topics: tuple[int, ...]
    past_papers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SyntheticBid:
    submission_id: int
    reviewer_id: int
    level: str


@dataclass(frozen=True)
class SyntheticDataset:
    """Everything ``generate`` makes; ``conflicts`` are declared (submission_id, reviewer_id)."""

    topics: tuple[str, ...]
    submissions: tuple[SyntheticSubmission, ...]
    reviewers: tuple[SyntheticReviewer, ...]
    bids: tuple[SyntheticBid, ...]
    conflicts: np.ndarray  # (n, 2) int64, read-only; millions of rows at 1% of 20k x 15k


JARGON_SUFFIXES = ("Net", "GAN", "Former", "Diff", "Bench", "Flow", "Score", "Guard", "Mark",
                   "Trace", "Lens", "Kit")


class _Writer:
    """Turns topic mixtures into text, vectorised over all documents so 35k documents take ~1 s.

    Vocabulary = topic words + per-topic system names ("MelodyNet", "GlazeGuard"), drawn with a
    Zipf-like skew so the corpus has a long tail like real abstracts, + background words.
    """

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        vocab: list[str] = []
        self.topic_span, self.jargon_span = [], []
        for _, words in TOPICS:
            ws = words.split()
            self.topic_span.append((len(vocab), len(ws)))
            vocab += [w.replace("-", " ") for w in ws]
        for _, words in TOPICS:
            stems = [w.split("-")[0].capitalize() for w in words.split()]
            names = [st + suf for st in stems for suf in JARGON_SUFFIXES]
            self.jargon_span.append((len(vocab), len(names)))
            vocab += names
        self.background_span = (len(vocab), len(BACKGROUND))
        vocab += BACKGROUND
        self.vocab = np.array(vocab, dtype=object)

    def _draw(self, spans: np.ndarray, u: np.ndarray, zipf: bool = False) -> np.ndarray:
        """Index into spans (start, length) with uniforms ``u``; ``zipf`` skews to the start."""
        pos = np.floor((u**3 if zipf else u) * spans[:, 1]).astype(np.int64)
        return spans[:, 0] + pos

    def word_ids(self, primary: np.ndarray, secondary: np.ndarray, counts: np.ndarray) -> list:
        """Per document ``counts[i]`` word ids: 50% primary, 15% secondary, 10% jargon, 25% noise."""
        doc = np.repeat(np.arange(len(counts)), counts)
        kind = np.searchsorted(np.cumsum((0.5, 0.15, 0.1, 0.25)), self.rng.random(len(doc)))
        kind = np.minimum(kind, 3)
        u = self.rng.random(len(doc))
        topic = np.where(kind == 1, secondary[doc], primary[doc])
        tspan, jspan = np.array(self.topic_span), np.array(self.jargon_span)
        ids = np.where(kind <= 1, self._draw(tspan[topic], u), 0)
        ids = np.where(kind == 2, self._draw(jspan[topic], u, zipf=True), ids)
        b0, bn = self.background_span
        ids = np.where(kind == 3, b0 + np.floor(u * bn).astype(np.int64), ids)
        return np.split(ids, np.cumsum(counts)[:-1])

    def texts(self, primary: np.ndarray, secondary: np.ndarray, n_words: np.ndarray) -> list[str]:
        """Fill sentence templates (about 3 content words per ~10 words of text)."""
        slots = np.maximum(3, n_words // 3)
        out = []
        for ids in self.word_ids(primary, secondary, slots):
            words = self.vocab[ids].tolist()
            picks = self.rng.integers(0, len(SENTENCES), len(words))
            parts, i, k = [], 0, 0
            while i + 3 <= len(words):
                tpl = SENTENCES[picks[k]]
                n = tpl.count("{}")
                parts.append(tpl.format(*words[i:i + n]))
                i, k = i + n, k + 1
            out.append(" ".join(parts))
        return out

    def titles(self, primary: np.ndarray, secondary: np.ndarray) -> list[str]:
        ids = self.word_ids(primary, secondary, np.full(len(primary), 3))
        return [f"{a[0].upper()}{a[1:]} and {b} for {c}" for a, b, c in
                (self.vocab[i].tolist() for i in ids)]

    def keywords(self, primary: np.ndarray, secondary: np.ndarray, k: int) -> list[tuple]:
        ids = self.word_ids(primary, secondary, np.full(len(primary), k))
        return [tuple(dict.fromkeys(self.vocab[i].tolist())) for i in ids]


def _topic_pairs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Primary/secondary topics per document; skewed so some topics are crowded, as in real CFPs."""
    k = len(TOPICS)
    pop = rng.dirichlet(np.full(k, 2.0))
    primary = rng.choice(k, n, p=pop)
    secondary = (primary + rng.integers(1, k, n)) % k
    return np.stack([primary, secondary], axis=1)


def _people(rng: np.random.Generator, n: int, kind: str) -> list[Person]:
    """``n`` identities; emails carry ``kind`` and an index so they are unique."""
    first = rng.integers(0, len(FIRST), n)
    last = rng.integers(0, len(LAST), n)
    org = rng.integers(0, len(AFFILIATIONS), n)
    return [Person(f"{FIRST[f]} {LAST[la]}",
                   f"{FIRST[f]}.{LAST[la]}.{kind}{i}@{AFFILIATIONS[o][1]}".lower(),
                   AFFILIATIONS[o][0]) for i, (f, la, o) in enumerate(zip(first, last, org, strict=True))]


def _submissions(rng: np.random.Generator, w: _Writer, n: int) -> list[SyntheticSubmission]:
    pairs = _topic_pairs(rng, n)
    p, s = pairs[:, 0], pairs[:, 1]
    titles, abstracts = w.titles(p, s), w.texts(p, s, rng.integers(150, 251, n))
    keywords = w.keywords(p, p, 4)
    n_auth = rng.integers(1, 5, n)
    people = _people(rng, int(n_auth.sum()), "a")
    ends = np.cumsum(n_auth)
    return [SyntheticSubmission(i + 1, titles[i], abstracts[i], keywords[i],
                                (int(p[i]), int(s[i])), tuple(people[ends[i] - n_auth[i]:ends[i]]))
            for i in range(n)]


def _reviewers(rng: np.random.Generator, w: _Writer, n: int) -> list[SyntheticReviewer]:
    pairs = _topic_pairs(rng, n)
    p, s = pairs[:, 0], pairs[:, 1]
    n_past = rng.integers(1, 4, n)
    doc = np.repeat(np.arange(n), n_past)
    past_t = w.titles(p[doc], s[doc])
    past_a = w.texts(p[doc], s[doc], rng.integers(80, 151, len(doc)))
    statements = w.texts(p, s, np.full(n, 40))
    keywords = w.keywords(p, s, 5)
    people = _people(rng, n, "r")
    ends = np.cumsum(n_past)
    out = []
    for i in range(n):
        lo = ends[i] - n_past[i]
        intro = f"I work on {TOPICS[p[i]][0].lower()} and {TOPICS[s[i]][0].lower()}. "
        out.append(SyntheticReviewer(
            i + 1, people[i], intro + statements[i], keywords[i], (int(p[i]), int(s[i])),
            tuple(zip(past_t[lo:ends[i]], past_a[lo:ends[i]], strict=True))))
    return out


def _random_pairs(rng: np.random.Generator, n_s: int, n_r: int, count: int) -> np.ndarray:
    """About ``count`` distinct random (submission_idx, reviewer_idx) pairs, sorted.

    Sort-and-drop-repeats rather than ``np.unique``: the hash path is ~6x slower on 3M rows.
    """
    if count <= 0 or n_s == 0 or n_r == 0:
        return np.empty((0, 2), dtype=np.int64)
    flat = np.sort(rng.integers(0, n_s * n_r, count, dtype=np.int64))
    flat = flat[np.r_[True, flat[1:] != flat[:-1]]]
    return np.stack([flat // n_r, flat % n_r], axis=1)


def _bids(rng: np.random.Generator, subs, revs, per_reviewer: float) -> list[SyntheticBid]:
    """Reviewers bid mostly on papers sharing their primary topic (eager/willing), some at random."""
    by_topic: dict[int, list[int]] = {}
    for s in subs:
        by_topic.setdefault(s.topics[0], []).append(s.id)
    out: dict[tuple[int, int], str] = {}
    for r in revs:
        pool = by_topic.get(r.topics[0]) or [s.id for s in subs[:1]]
        for _ in range(rng.poisson(per_reviewer)):
            sid = pool[rng.integers(len(pool))] if rng.random() < 0.8 else subs[rng.integers(len(subs))].id
            level = BID_LEVELS[rng.choice(4, p=(0.35, 0.35, 0.15, 0.15))]
            out[(sid, r.id)] = level
    return [SyntheticBid(s, r, lvl) for (s, r), lvl in sorted(out.items())]


def generate(n_submissions: int, n_reviewers: int, *, seed: int, conflict_rate: float = 0.01,
             bids_per_reviewer: float = 3.0) -> SyntheticDataset:
    """Build a dataset; ids are 1-based and ``conflict_rate`` is the chance a given pair conflicts."""
    rng = np.random.default_rng(seed)
    writer = _Writer(rng)
    subs = _submissions(rng, writer, n_submissions)
    revs = _reviewers(rng, writer, n_reviewers)
    bids = _bids(rng, subs, revs, bids_per_reviewer) if subs and revs else []
    n_conf = int(rng.binomial(n_submissions * n_reviewers, conflict_rate)) if conflict_rate else 0
    pairs = _random_pairs(rng, n_submissions, n_reviewers, n_conf)
    conflicts = pairs + 1  # ids are 1-based
    conflicts.flags.writeable = False
    return SyntheticDataset(tuple(t for t, _ in TOPICS), tuple(subs), tuple(revs), tuple(bids),
                            conflicts)


def to_affinity_inputs(
    data: SyntheticDataset,
) -> tuple[list[SubmissionDoc], list[ReviewerDoc], list[BidEntry]]:
    """Flatten the dataset into the text documents and bids that ``compute_affinity`` expects."""
    subs = [SubmissionDoc(s.id, " ".join((s.title, s.abstract, " ".join(s.keywords))), s.topics)
            for s in data.submissions]
    revs = [ReviewerDoc(r.id, " ".join((r.expertise, " ".join(r.keywords),
                                        *(f"{t}. {a}" for t, a in r.past_papers))), r.topics,
                        tuple(f"{t}. {a}" for t, a in r.past_papers),
                        " ".join((r.expertise, " ".join(r.keywords))))
            for r in data.reviewers]
    bids = [BidEntry(b.submission_id, b.reviewer_id, b.level) for b in data.bids]
    return subs, revs, bids
