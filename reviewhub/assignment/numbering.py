"""Reviewer ordinals on a submission: each new assignment takes the next one, for good."""

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.submissions.models import Submission

CHUNK = 5000


def reserve(submission_ids: Iterable[int]) -> dict[int, list[int]]:
    """One new reviewer number per occurrence of a submission id: {submission id: [numbers]},
    ascending, each past the highest the submission has ever given (a deleted assignment's
    number is not given again). Writes the submissions' counters; the caller commits.

    The counter is read back from the UPDATE that moves it (RETURNING): on PostgreSQL the
    UPDATE locks the row until the commit, so a concurrent assigner waits and then counts on
    from our numbers; on SQLite it takes the database's write lock. Reading first would let
    two assigners take the same number. One UPDATE per distinct count (an automatic run gives
    most submissions the same number of new reviewers), in chunks, not one per submission."""
    counts = Counter(submission_ids)
    by_count: dict[int, list[int]] = {}
    for sid in sorted(counts):
        by_count.setdefault(counts[sid], []).append(sid)
    table = Submission.__table__
    last: dict[int, int] = {}
    for k, ids in sorted(by_count.items()):
        for lo in range(0, len(ids), CHUNK):
            last.update(db.session.execute(
                sa.update(table).where(table.c.id.in_(ids[lo:lo + CHUNK]))
                .values(last_reviewer_number=table.c.last_reviewer_number + k)
                .returning(table.c.id, table.c.last_reviewer_number)).tuples().all())
    return {sid: list(range(last[sid] - k + 1, last[sid] + 1)) for sid, k in counts.items()}


def reserve_one(submission_id: int) -> int:
    """The next reviewer number of one submission (see `reserve`)."""
    return reserve([submission_id])[submission_id][0]
