"""Pure computing of the committee: SAC balancing and the console's figures, sorts and filters.

No database, no Flask, no clock (callers pass `today`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import mean


def balance_senior_chairs(area_chairs: list[int], seniors: list[int], kept: dict[int, int],
                          forbidden: set[tuple[int, int]] = frozenset()) -> dict[int, int]:
    """Each AC under one SAC, as evenly as possible: `kept` links stay (a SAC that no longer
    exists is dropped), then every other AC goes, in id order, to the SAC with the fewest ACs
    (ties by id) that is not `forbidden` with them. ACs no SAC may take are left out."""
    seniors = sorted(set(seniors))
    links = {ac: sac for ac, sac in kept.items() if sac in seniors and ac in set(area_chairs)}
    load = {sac: 0 for sac in seniors}
    for sac in links.values():
        load[sac] += 1
    for ac in sorted(set(area_chairs) - set(links)):
        open_ = [sac for sac in seniors if (ac, sac) not in forbidden and sac != ac]
        if open_:
            best = min(open_, key=lambda sac: (load[sac], sac))
            links[ac] = best
            load[best] += 1
    return links


@dataclass(frozen=True)
class ReviewerLine:
    assignment_id: int
    user_id: int
    name: str
    number: int
    status: str  # none, draft, submitted
    overall: int | None
    days_late: int
    due: object = None  # the review's deadline (its round's, else the event's)


@dataclass(frozen=True)
class ConsoleRow:
    submission_id: int
    number: int
    title: str
    area_chair: str
    reviewers: tuple[ReviewerLine, ...]
    comments: int
    last_comment: date | None
    meta_status: str  # none, draft, submitted
    meta_recommendation: str = ""
    scores: tuple[int, ...] = field(default=())
    response_words: int | None = None  # None: the authors have not responded

    @property
    def mean(self) -> float | None:
        return mean(self.scores) if self.scores else None

    @property
    def spread(self) -> int | None:
        return max(self.scores) - min(self.scores) if self.scores else None

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.reviewers if r.status == "submitted")

    @property
    def days_late(self) -> int:
        return max((r.days_late for r in self.reviewers), default=0)


HIGH_SPREAD = 2


def filter_rows(rows: list[ConsoleRow], *, status: str = "all", q: str = "") -> list[ConsoleRow]:
    q = (q or "").strip().lower()
    tests = {
        "all": lambda r: True,
        "missing": lambda r: r.submitted < len(r.reviewers) or not r.reviewers,
        "late": lambda r: r.days_late > 0,
        "no_meta": lambda r: r.meta_status != "submitted",
        "disagree": lambda r: (r.spread or 0) >= HIGH_SPREAD,
        "responded": lambda r: r.response_words is not None,
    }
    test = tests.get(status, tests["all"])
    return [r for r in rows if test(r) and (not q or q in r.title.lower())]


def sort_rows(rows: list[ConsoleRow], key: str = "number") -> list[ConsoleRow]:
    """Number ascending; the others put the rows that need attention first."""
    keys = {
        "number": lambda r: (r.number,),
        "mean": lambda r: (r.mean is None, r.mean if r.mean is not None else 0, r.number),
        "spread": lambda r: (-(r.spread if r.spread is not None else -1), r.number),
        "late": lambda r: (-r.days_late, r.number),
        "activity": lambda r: (r.last_comment is None, -(r.last_comment.toordinal() if r.last_comment else 0),
                               r.number),
    }
    return sorted(rows, key=keys.get(key, keys["number"]))
