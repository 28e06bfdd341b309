"""Review score aggregates and the ranking's vocabulary (sort keys, filters, disagreement), pure:
no DB, no Flask. The ranking itself is computed in SQL by `ranking`."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def fmt(value: float | None, digits: int = 2) -> str:
    """A figure for tables and CSV: fixed digits, empty when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.{digits}f}"
