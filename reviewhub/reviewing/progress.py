"""Review progress figures from plain assignment lines (pure: no DB, no Flask, no clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ProgressLine:
    """One assignment with the state of its review (missing, draft, submitted)."""

    assignment_id: int
    submission_id: int
    number: int
    title: str
    user_id: int
    name: str
    email: str
    status: str


@dataclass
class Tally:
    key: int
    label: str
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    pending: list[ProgressLine] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.submitted / self.assigned if self.assigned else 0.0


@dataclass
class Progress:
    overall: Tally
    reviewers: list[Tally]
    submissions: list[Tally]
    late: list[Tally]  # reviewers with unsubmitted reviews once the deadline has passed
    deadline_passed: bool


def summarise(lines: list[ProgressLine], *, deadline: datetime | None, now: datetime) -> Progress:
    overall = Tally(0, "All reviews")
    reviewers: dict[int, Tally] = {}
    submissions: dict[int, Tally] = {}
    for line in lines:
        person = reviewers.setdefault(line.user_id, Tally(line.user_id, line.name))
        paper = submissions.setdefault(line.submission_id, Tally(line.submission_id, f"#{line.number} {line.title}"))
        for tally in (overall, person, paper):
            tally.assigned += 1
            tally.submitted += line.status == "submitted"
            tally.drafts += line.status == "draft"
            if line.status != "submitted":
                tally.pending.append(line)
    passed = deadline is not None and now >= deadline
    people = sorted(reviewers.values(), key=lambda t: (t.share, t.label.lower()))
    late = [t for t in people if passed and t.pending]
    return Progress(overall, people, sorted(submissions.values(), key=lambda t: (t.share, t.key)), late, passed)
