"""Pure rules of the review process: counting words, what changed in a response, a review's
score before and after the response, the reviewer-quality figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

_WORD = re.compile(r"\S+")


def count_words(text: str | None) -> int:
    """Whitespace-separated words; static/response.js counts exactly the same way."""
    return len(_WORD.findall(text or ""))


def response_changes(before: dict, after: dict, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, before, now) for each part of a response that differs between two snapshots
    ({"body": text, "<assignment id>": reply}); `labels` names the parts in display order."""
    out = []
    for key, label in labels.items():
        old, new = before.get(key) or "", after.get(key) or ""
        if old != new:
            out.append((label, old or "(empty)", new or "(empty)"))
    return out


@dataclass(frozen=True)
class VersionFacts:
    version: int
    status: str
    overall: int | None
    saved_at: datetime


@dataclass(frozen=True)
class ScoreChange:
    before: int | None
    after: int | None
    updated_after_response: bool


def score_change(versions: list[VersionFacts], response_at: datetime | None) -> ScoreChange | None:
    """The overall score of the last submitted version saved before the response arrived and
    of the latest submitted version; None when there is no response or no submitted version
    before it. `updated_after_response` is True when a submitted version was saved after it."""
    if response_at is None:
        return None
    submitted = sorted((v for v in versions if v.status == "submitted"), key=lambda v: v.version)
    earlier = [v for v in submitted if v.saved_at <= response_at]
    later = [v for v in submitted if v.saved_at > response_at]
    if not earlier:
        return None
    before = earlier[-1]
    after = later[-1] if later else before
    return ScoreChange(before.overall, after.overall, bool(later))


@dataclass(frozen=True)
class ReviewFacts:
    """One assignment of a reviewer, for the quality report."""

    reviewer_id: int
    submission_id: int
    submitted: bool
    overall: int | None
    words: int
    late: bool  # submitted after its round's deadline, or still unsubmitted past it


@dataclass(frozen=True)
class QualityLine:
    reviewer_id: int
    assigned: int
    submitted: int
    late: int
    mean_words: float | None
    mean_deviation: float | None  # mean |own overall - the submission's mean overall|
    helpful: int
    not_helpful: int

    @property
    def rating_score(self) -> int:
        return self.helpful - self.not_helpful


def quality_lines(reviews: list[ReviewFacts], ratings: dict[int, tuple[int, int]]) -> list[QualityLine]:
    """Per reviewer: counts, lateness, mean length, mean deviation from each submission's mean
    overall score (over submitted reviews with a score), and ratings {reviewer: (up, down)}.
    Ordered by reviewer id."""
    by_submission: dict[int, list[int]] = {}
    for r in reviews:
        if r.submitted and r.overall is not None:
            by_submission.setdefault(r.submission_id, []).append(r.overall)
    means = {sid: mean(scores) for sid, scores in by_submission.items()}
    grouped: dict[int, list[ReviewFacts]] = {}
    for r in reviews:
        grouped.setdefault(r.reviewer_id, []).append(r)
    lines = []
    for reviewer_id in sorted(grouped):
        rows = grouped[reviewer_id]
        done = [r for r in rows if r.submitted]
        scored = [abs(r.overall - means[r.submission_id]) for r in done if r.overall is not None]
        up, down = ratings.get(reviewer_id, (0, 0))
        lines.append(QualityLine(
            reviewer_id, len(rows), len(done), sum(r.late for r in rows),
            round(mean(r.words for r in done), 1) if done else None,
            round(mean(scored), 2) if scored else None, up, down))
    return lines
