"""Review score aggregates and the ranking's sort and filter, from plain lists (no DB, no Flask)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

# High disagreement: reviewers' overall scores span at least 2 levels (e.g. 2 and 4 on 1..5),
# or their sample standard deviation reaches 1.2. Either alone is worth an organizer's look:
# the span catches one outlier among three, the deviation catches a split panel.
DISAGREEMENT_SPAN = 2
DISAGREEMENT_SD = 1.2


@dataclass(frozen=True)
class ScoreStats:
    """Aggregates of the overall scores of one submission's submitted reviews."""

    count: int
    mean: float | None
    median: float | None
    sd: float | None  # sample standard deviation; None below two scores
    weighted_mean: float | None  # weighted by reviewer confidence (missing confidence: weight 1)
    min: int | None
    max: int | None
    disagreement: bool


def stats(scores: list[tuple[int | None, int | None]]) -> ScoreStats:
    """Aggregates of (overall, confidence) pairs; pairs without an overall score are ignored."""
    pairs = [(o, c) for o, c in scores if o is not None]
    if not pairs:
        return ScoreStats(0, None, None, None, None, None, None, False)
    overall = sorted(o for o, _ in pairs)
    weights = [c if c is not None and c > 0 else 1 for _, c in pairs]
    n = len(overall)
    mean = sum(overall) / n
    # Plain floats: statistics.stdev computes with exact fractions, 100x slower on big tables.
    sd = math.sqrt(sum((o - mean) ** 2 for o in overall) / (n - 1)) if n > 1 else None
    low, high = overall[0], overall[-1]
    middle = n // 2
    return ScoreStats(
        count=n,
        mean=mean,
        median=float(overall[middle]) if n % 2 else (overall[middle - 1] + overall[middle]) / 2,
        sd=sd,
        weighted_mean=sum(o * w for (o, _), w in zip(pairs, weights, strict=True)) / sum(weights),
        min=low,
        max=high,
        disagreement=(high - low >= DISAGREEMENT_SPAN) or (sd is not None and sd >= DISAGREEMENT_SD),
    )


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking table."""

    submission_id: int
    number: int
    title: str
    type_key: str
    assigned: int
    stats: ScoreStats
    rank: int = 0


SORT_KEYS = ("rank", "number", "title", "mean", "median", "sd", "weighted_mean", "min", "max", "count")
DEFAULT_SORT = "weighted_mean"


@dataclass(frozen=True)
class RankingQuery:
    """What the ranking page asks for: sort column and direction, and filters."""

    sort: str = DEFAULT_SORT
    descending: bool = True
    type_key: str = ""
    text: str = ""
    flagged_only: bool = False
    min_reviews: int = 0


def _value(row: RankRow, key: str):
    if key in ("number", "rank"):
        return getattr(row, key)
    return getattr(row.stats, key)


def rank(rows: list[RankRow], query: RankingQuery) -> list[RankRow]:
    """Number rows by weighted mean (the default order), then filter and sort as asked.

    Rows without scores sort last whatever the direction, so the useful ones stay on top.
    """
    by_merit = sorted(rows, key=lambda r: (_missing_last(r.stats.weighted_mean, True), r.number))
    ranked = [replace(r, rank=i + 1) for i, r in enumerate(by_merit)]
    kept = [r for r in ranked if _keep(r, query)]
    key = query.sort if query.sort in SORT_KEYS else DEFAULT_SORT
    if key == "title":
        return sorted(kept, key=lambda r: (r.title.lower(), r.number), reverse=query.descending)
    present = [r for r in kept if _value(r, key) is not None]
    missing = [r for r in kept if _value(r, key) is None]
    present.sort(key=lambda r: (_value(r, key), -r.number if query.descending else r.number),
                 reverse=query.descending)
    return present + sorted(missing, key=lambda r: r.number)


def _missing_last(value: float | None, descending: bool) -> tuple[int, float]:
    if value is None:
        return (1, 0.0)
    return (0, -value if descending else value)


def _keep(row: RankRow, query: RankingQuery) -> bool:
    if query.type_key and row.type_key != query.type_key:
        return False
    if query.flagged_only and not row.stats.disagreement:
        return False
    if row.stats.count < query.min_reviews:
        return False
    if query.text:
        needle = query.text.lower()
        return needle in row.title.lower() or needle == str(row.number)
    return True


def fmt(value: float | None, digits: int = 2) -> str:
    """A figure for tables and CSV: fixed digits, empty when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.{digits}f}"


def histogram(values: list[float], bins: list[tuple[float, float]]) -> list[int]:
    """How many values fall in each [low, high) bin (the last bin includes its high end)."""
    counts = [0] * len(bins)
    for value in values:
        for i, (low, high) in enumerate(bins):
            last = i == len(bins) - 1
            if low <= value < high or (last and value == high):
                counts[i] += 1
                break
    return counts


def table_cells(rows: list[RankRow]) -> list[tuple]:
    """Each row as ready-to-print strings (a big table renders faster from plain tuples):
    (submission id, rank, number, title, type, reviews/assigned, mean, median, sd, weighted,
    min, max, disagreement)."""
    return [
        (r.submission_id, r.rank, r.number, r.title, r.type_key, f"{r.stats.count}/{r.assigned}",
         fmt(r.stats.mean), fmt(r.stats.median, 1), fmt(r.stats.sd), fmt(r.stats.weighted_mean),
         "" if r.stats.min is None else r.stats.min, "" if r.stats.max is None else r.stats.max,
         r.stats.disagreement)
        for r in rows
    ]
