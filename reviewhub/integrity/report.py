"""AI-use report: tallies of none / assisted / generated per group, and a stacked-bar chart's
geometry for a server-side SVG (the template draws it; nothing here knows HTML)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CATEGORIES = ("none", "assisted", "generated")
LABELS = {"none": "No AI use", "assisted": "AI-assisted", "generated": "AI-generated"}


@dataclass(frozen=True)
class Tally:
    group: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tally(rows: Iterable[tuple[str, str]], *, last: str | None = None) -> list[Tally]:
    """Counts per (group, category), groups in first-seen order; `last` (e.g. "undecided") is
    moved to the end. Unknown categories are counted as they come, so nothing is hidden."""
    groups: dict[str, dict[str, int]] = {}
    for group, category in rows:
        counts = groups.setdefault(group, dict.fromkeys(CATEGORIES, 0))
        counts[category] = counts.get(category, 0) + 1
    order = [g for g in groups if g != last] + ([last] if last in groups else [])
    return [Tally(g, groups[g]) for g in order]


@dataclass(frozen=True)
class Segment:
    category: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar]


def stacked_bars(tallies: list[Tally], *, width: int = 640, label_width: int = 200,
                 bar_height: int = 22, gap: int = 10) -> Chart:
    """One horizontal bar per group, its length proportional to the group's total (the largest
    group fills the plot), split into categories."""
    plot = width - label_width - 40  # room for the total after the bar
    longest = max((t.total for t in tallies), default=0) or 1
    bars = []
    for row, t in enumerate(tallies):
        x, segments = float(label_width), []
        for category, count in t.counts.items():
            if count:
                w = plot * count / longest
                segments.append(Segment(category, count, round(x, 2), round(w, 2)))
                x += w
        bars.append(Bar(t.group, t.total, row * (bar_height + gap) + gap, segments))
    height = len(tallies) * (bar_height + gap) + gap
    return Chart(width, height, label_width, bar_height, bars)
