"""Bid patterns that suggest collusion, for organizers (pure: no Flask, no database).

Two signals, computed from (reviewer, submission, bid) and authorship facts::

    report = bid_report(bids, authors, reviewer_papers)
    report.concentrated   # reviewers whose positive bids go mostly to one author or institution
    report.reciprocal     # reviewers A, B with A bidding on a paper of B's and B on one of A's

A bid is positive when eager or willing. Concentration: among a reviewer's positive bids
(at least ``min_bids``), the share that lands on the submissions of their most-bid author, and
of their most-bid institution, against that author's or institution's share of all
submissions (the share random bidding would give). A reviewer is listed when a share reaches
``min_share`` and is at least ``min_lift`` times the base share, so a large lab with many
submissions does not flag everyone who bids on its topic. Institutions are compared case- and
space-blind; authors by account when they have one, else by address.

The caller decides what facts go in: the page leaves out every submission the viewing
organizer is conflicted with, so nothing here can tell them about those.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

POSITIVE = frozenset({"eager", "willing"})


@dataclass(frozen=True)
class BidFact:
    reviewer_id: int
    submission_id: int
    level: str


@dataclass(frozen=True)
class AuthorFact:
    """One author of one submission; ``user_id`` when the author has an account."""

    submission_id: int
    name: str
    email: str
    institution: str = ""
    user_id: int | None = None

    @property
    def key(self) -> str:
        return f"user:{self.user_id}" if self.user_id is not None else f"email:{self.email.strip().lower()}"


@dataclass(frozen=True)
class Concentration:
    reviewer_id: int
    positive_bids: int
    kind: str  # "author" or "institution"
    who: str  # the author's name or the institution as written first
    hits: tuple[int, ...]  # the reviewer's positively bid submissions of that author/institution
    share: float  # len(hits) / positive_bids
    base_share: float  # that author's/institution's share of all submissions

    @property
    def lift(self) -> float:
        return self.share / self.base_share if self.base_share else float("inf")


@dataclass(frozen=True)
class Reciprocal:
    """Reviewers ``a`` < ``b``: ``a`` bid positively on ``a_bid_on`` (authored by ``b``) and
    ``b`` on ``b_bid_on`` (authored by ``a``)."""

    a: int
    b: int
    a_bid_on: tuple[int, ...]
    b_bid_on: tuple[int, ...]


@dataclass(frozen=True)
class BidReport:
    concentrated: tuple[Concentration, ...]
    reciprocal: tuple[Reciprocal, ...]
    reviewers_with_positive_bids: int
    positive_bids: int


def _institution(text: str) -> str:
    return " ".join(text.casefold().split())


def bid_report(bids: Iterable[BidFact], authors: Iterable[AuthorFact],
               reviewer_papers: dict[int, set[int]], *, min_bids: int = 3,
               min_share: float = 0.5, min_lift: float = 3.0) -> BidReport:
    """See the module docstring. ``reviewer_papers``: reviewer id -> submissions they author
    (by account or address); ``authors`` should cover every submission in scope."""
    authors = list(authors)
    papers_of: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    for a in authors:
        papers_of[a.key].add(a.submission_id)
        names.setdefault(a.key, a.name or a.email)
        if inst := _institution(a.institution):
            papers_of["inst:" + inst].add(a.submission_id)
            names.setdefault("inst:" + inst, a.institution.strip())
    n_submissions = len({a.submission_id for a in authors}) or 1
    positive: dict[int, set[int]] = defaultdict(set)
    for b in bids:
        if b.level in POSITIVE:
            positive[b.reviewer_id].add(b.submission_id)
    by_submission: dict[int, set[str]] = defaultdict(set)
    for key, subs in papers_of.items():
        for s in subs:
            by_submission[s].add(key)
    concentrated = []
    for reviewer, subs in sorted(positive.items()):
        if len(subs) < min_bids:
            continue
        counts = Counter(key for s in subs for key in by_submission.get(s, ()))
        for kind, prefix in (("author", ""), ("institution", "inst:")):
            best = _top(counts, prefix)
            if best is None:
                continue
            hits = tuple(sorted(subs & papers_of[best]))
            found = Concentration(reviewer, len(subs), kind, names[best], hits, len(hits) / len(subs),
                                  len(papers_of[best]) / n_submissions)
            if found.share >= min_share and found.lift >= min_lift:
                concentrated.append(found)
    concentrated.sort(key=lambda c: (-c.share, -c.lift, c.reviewer_id, c.kind))
    return BidReport(tuple(concentrated), _reciprocal(positive, reviewer_papers), len(positive),
                     sum(len(s) for s in positive.values()))


def _top(counts: Counter, prefix: str) -> str | None:
    """The most-bid key of one kind (ties: the first in key order, so the report is stable)."""
    kind = [(n, k) for k, n in counts.items() if k.startswith("inst:") == bool(prefix)]
    return min(kind, key=lambda nk: (-nk[0], nk[1]))[1] if kind else None


def _reciprocal(positive: dict[int, set[int]], reviewer_papers: dict[int, set[int]]) -> tuple[Reciprocal, ...]:
    authors_of: dict[int, set[int]] = defaultdict(set)
    for reviewer, subs in reviewer_papers.items():
        for s in subs:
            authors_of[s].add(reviewer)
    on_papers_of: dict[tuple[int, int], set[int]] = defaultdict(set)  # (bidder, author) -> subs
    for bidder, subs in positive.items():
        for s in subs:
            for author in authors_of.get(s, ()):
                if author != bidder:
                    on_papers_of[(bidder, author)].add(s)
    out = []
    for (a, b), subs in sorted(on_papers_of.items()):
        back = on_papers_of.get((b, a))
        if a < b and back:
            out.append(Reciprocal(a, b, tuple(sorted(subs)), tuple(sorted(back))))
    return tuple(out)
