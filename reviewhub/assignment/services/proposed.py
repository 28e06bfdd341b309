"""A whole assignment proposed by hand (the API's pair list) stored as a preview run, so the
run page previews it and run_services.apply_run applies it like a computed one."""

from collections import Counter

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.assignment import inputs as data
from reviewhub.assignment import queries
from reviewhub.assignment.models import AssignmentRun
from reviewhub.errors import DomainError
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission

NO_SUBMISSION = "No submitted work of this event has this id."


class ProposalInvalid(DomainError):
    """Some pairs cannot be assigned; nothing was stored. `errors`: {index: {field: [message]}}."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        super().__init__(f"{len(errors)} of the pairs cannot be assigned; nothing was stored.")
        self.errors = errors


def manual_summary(pairs: list[tuple[int, int]], caps: dict[int, int]) -> dict:
    """The preview figures of a hand-made assignment (pure): no affinities were computed, so
    scores are 0 and the solver's certificate figures are absent."""
    loads = Counter(u for _, u in pairs)
    per_submission = Counter(s for s, _ in pairs)
    return {
        "mode": "manual", "feasible": True, "optimal": None, "reasons": [], "objective": 0.0,
        "bound": None, "gap": None, "min_paper_score": 0.0, "mean_affinity": 0.0,
        "n_submissions": len(per_submission), "n_reviewers": len(loads), "n_pairs": len(pairs),
        "n_candidates": None, "text_method": "none (proposed by hand)",
        "paper_scores": [0.0] * len(per_submission),
        "loads": {str(u): n for u, n in sorted(loads.items())},
        "caps": {str(u): caps[u] for u in sorted(loads) if u in caps},
        "shortfall": [], "kept": 0, "kept_conflicted": [],
    }


def _reviewer_caps(event: Event) -> dict[int, int]:
    return {u: (cap if cap is not None else event.default_reviewer_load) for u, cap in db.session.execute(
        sa.select(Membership.user_id, Membership.max_load).where(
            Membership.event_id == event.id, Membership.role == Role.reviewer)).all()}


def _errors(event: Event, pairs: list[tuple[int, int]], hidden: set[int], caps: dict) -> dict:
    submitted = set(db.session.scalars(sa.select(Submission.id).where(
        Submission.event_id == event.id, Submission.status == "submitted",
        Submission.id.in_({s for s, _ in pairs}))))
    conflicted = data.among(data.forbidden_pairs(event), pairs)
    errors, seen = {}, set()
    for index, (s, u) in enumerate(pairs):
        problems = {}
        if s not in submitted or s in hidden:  # a conflicted organizer's own: like a missing id
            problems["submission"] = [NO_SUBMISSION]
        if u not in caps:
            problems["reviewer"] = ["Not a reviewer of this event."]
        elif (s, u) in conflicted and "submission" not in problems:
            problems["reviewer"] = ["This reviewer has a conflict of interest with this submission."]
        if (s, u) in seen:
            problems.setdefault("submission", []).append("This pair is listed twice.")
        seen.add((s, u))
        if problems:
            errors[index] = problems
    return errors


def propose_run(event: Event, pairs: list[tuple[int, int]], *, by) -> AssignmentRun:
    """Store `pairs` (submission id, reviewer id) as the event's proposed reviewer assignment,
    a preview run. Any bad pair raises ProposalInvalid and nothing is stored. The proposer's
    conflicted submissions keep their current reviewers: the proposal cannot name them, and
    applying it must not drop them. Flushes; audited."""
    hidden = queries.conflicted_submission_ids(by, event)
    caps = _reviewer_caps(event)
    errors = _errors(event, pairs, hidden, caps)
    if errors:
        raise ProposalInvalid(errors)
    untouched = sorted(p for p in queries.current_pairs(event) if p[0] in hidden)
    stored = list(pairs) + untouched
    run = AssignmentRun(event_id=event.id, status="preview", role=Role.reviewer,
                        params={"mode": "manual", "source": "api"}, created_by_id=by.id,
                        pairs=[[s, u, 0.0] for s, u in stored], objective=0.0, duration_s=0.0,
                        summary=manual_summary(stored, caps))
    db.session.add(run)
    db.session.flush()
    audit.record("assignment.run_proposed", event=event, actor=by, obj=run, pairs=len(pairs))
    return run
