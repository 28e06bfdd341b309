"""Planning a revert of reviews to a point in time (pure: plain data in, plain data out).

After an incident (a leaked or tampered discussion, a bot editing reviews) the organizers take
every review back to the state it had at a chosen time. Each review's history is its saved
versions; the target is the newest version saved at or before that time. A review written
only after it goes back to an empty draft (its history keeps everything).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class VersionRow:
    review_id: int
    version: int
    saved_at: datetime
    status: str
    overall: int | None


@dataclass(frozen=True)
class Change:
    review_id: int
    current_version: int
    target_version: int | None  # None: the review did not exist yet, so it is emptied
    status_before: str
    status_after: str
    overall_before: int | None
    overall_after: int | None


def plan_revert(current: dict[int, int], versions: Iterable[VersionRow], at: datetime) -> list[Change]:
    """For each review (id -> its current version), the change that takes it back to `at`;
    reviews whose current version is already the one of `at` are left out. By review id."""
    by_review: dict[int, dict[int, VersionRow]] = {}
    for row in versions:
        by_review.setdefault(row.review_id, {})[row.version] = row
    changes = []
    for review_id in sorted(current):
        history = by_review.get(review_id, {})
        if not history:  # no saved state to go back to (every save writes one)
            continue
        now_row = history.get(current[review_id])
        before = [row for row in history.values() if row.saved_at <= at]
        target = max(before, key=lambda row: (row.saved_at, row.version)) if before else None
        if target is not None and target.version == current[review_id]:
            continue
        changes.append(Change(
            review_id, current[review_id], target.version if target else None,
            now_row.status if now_row else "draft", target.status if target else "draft",
            now_row.overall if now_row else None, target.overall if target else None))
    return changes
