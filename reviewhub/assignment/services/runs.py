"""Automatic assignment runs (compute a preview, then apply) and manual edits with locks."""

import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import sqlalchemy as sa

from reviewhub import audit, jobs
from reviewhub.assignment import inputs as data
from reviewhub.assignment import numbering, targets, vectors
from reviewhub.assignment.affinity import AffinityWeights, compute_affinity
from reviewhub.assignment.bulk import driver_now, insert_rows
from reviewhub.assignment.models import Assignment, AssignmentRun
from reviewhub.assignment.solver import AssignmentProblem, solve
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Submission

Progress = Callable[[int, int, str], None]
STAGES = 4


def default_params(event: Event) -> dict:
    return {"per_type": {}, "default_load": event.default_reviewer_load, "mode": "max",
            "weights": {"text": 1.0, "topic": 0.5, "eager": 0.3, "willing": 0.1,
                        "not_willing": -0.3, "embedding": default_embedding_share()}, "top_k": 200}


def default_embedding_share() -> float:
    """The embedding's share of the text similarity: 0 without the extra installed."""
    return vectors.DEFAULT_SHARE if vectors.enabled() else 0.0


def _weights(params: dict) -> AffinityWeights:
    w = params.get("weights", {})
    share = float(w.get("embedding", 0.0)) if vectors.enabled() else 0.0
    return AffinityWeights(text=float(w.get("text", 1.0)), topic=float(w.get("topic", 0.5)),
                           embedding=min(max(share, 0.0), 1.0),
                           bid_bonus={"eager": float(w.get("eager", 0.3)),
                                      "willing": float(w.get("willing", 0.1)), "neutral": 0.0,
                                      "not_willing": float(w.get("not_willing", -0.3))})


def start_run(event: Event, *, by, params: dict, role: str = Role.reviewer) -> AssignmentRun:
    """Record a run for `role` (reviewers, or a registered target such as area chairs) and its
    background job (call jobs.start after the commit). Flushes."""
    target = targets.target_for(role)
    if params.get("mode") == "randomized" and "seed" not in params:
        # The draw must be unpredictable to reviewers (who could otherwise bid to land where it
        # falls), yet reproducible from the run's record: a fresh secret seed, kept in params.
        params = {**params, "seed": secrets.randbits(63)}
    run = AssignmentRun(event_id=event.id, status="running", params=params, role=role,
                        created_by_id=getattr(by, "id", None))
    db.session.add(run)
    db.session.flush()
    title = "Automatic assignment" if role == Role.reviewer else f"Automatic assignment of {target.label}"
    job = jobs.create("reviewhub.assignment.services.runs:run_job", title=title,
                      event=event, by=by, run_id=run.id)
    run.job_id = job.id
    audit.record("assignment.run_started", event=event, actor=by, obj=run, params=params)
    return run


def run_job(job, run_id: int) -> dict:
    """The background job: compute the run's preview; nothing else changes."""
    from reviewhub.assignment.links import external_url

    run = db.session.get(AssignmentRun, run_id)
    compute(run, progress=lambda done, total, msg: jobs.report_progress(job, done, total, msg))
    db.session.commit()
    # Again after the commit: on PostgreSQL the run's flush locked the job row (the run's
    # foreign key), so the "Done" reported inside the transaction was skipped.
    jobs.report_progress(job, STAGES, STAGES, "Done")
    event = db.session.get(Event, run.event_id)
    return {"next_url": external_url("assignment.run", slug=event.slug, run_id=run.id,
                                         _external=False),
            "feasible": run.summary.get("feasible")}


def follow_job(run: AssignmentRun) -> bool:
    """Bring a run in line with its background job: a running run whose job failed (it raised,
    or its worker died: `jobs.refresh` finds out) becomes failed with the job's reason, and a
    failed run whose job was queued again is running again. Flushes; the caller commits.
    Returns whether the run changed."""
    job = db.session.get(jobs.Job, run.job_id) if run.job_id is not None else None
    if job is None or run.status not in ("running", "failed"):
        return False
    jobs.refresh(job)
    if run.status == "running" and job.status == "failed":
        reason = (job.error or "").strip().splitlines()
        run.status, run.summary = "failed", {"error": reason[0] if reason else "The job failed."}
    elif run.status == "failed" and job.status in jobs.ACTIVE:
        run.status, run.summary = "running", {}
    else:
        return False
    db.session.flush()
    return True


def follow_jobs(event_runs: list[AssignmentRun]) -> bool:
    """`follow_job` for each run (a list page); returns whether any changed."""
    return any([follow_job(run) for run in event_runs])


def compute(run: AssignmentRun, *, progress: Progress | None = None) -> AssignmentRun:
    """Load inputs, score, solve; store pairs and summary with status "preview". Flushes."""
    report = progress or (lambda *_: None)
    event = db.session.get(Event, run.event_id)
    params = {**default_params(event), **(run.params or {})}
    started = time.perf_counter()
    report(0, STAGES, "Loading submissions, profiles, bids and conflicts")
    target = targets.target_for(run.role)
    inp = data.load_inputs(event, per_type=params["per_type"], default_load=params["default_load"],
                           role=run.role, kept=target.kept_pairs(event),
                           per_submission=target.per_submission(event) if target.per_submission else None)
    weights = _weights(params)
    vectors_in = None
    if weights.embedding > 0:
        report(1, STAGES, "Embedding new texts")
        vectors.sync_event(event, role=run.role)  # only what no earlier job embedded
        vectors_in = vectors.embedding_input(event, [d.id for d in inp.submissions], inp.reviewers)
    report(1, STAGES, "Computing affinities")
    aff = compute_affinity(inp.submissions, inp.reviewers, inp.bids, forbidden=inp.forbidden,
                           weights=weights, top_k=int(params.get("top_k", 200)),
                           embeddings=vectors_in)
    report(2, STAGES, "Solving the assignment")
    result = solve(_problem(inp, aff), mode=params.get("mode", "max"), q=float(params.get("q", 0.5)),
                   seed=int(params.get("seed", 0)))
    report(3, STAGES, "Summarising")
    sids, uids = aff.submission_ids, aff.reviewer_ids
    run.pairs = [[int(sids[p]), int(uids[r]), round(float(a), 6)]
                 for p, r, a in zip(result.paper_idx, result.reviewer_idx, result.affinity, strict=True)]
    run.objective, run.lp_bound = float(result.objective), result.bound
    run.summary = _summary(inp, aff, result)
    run.duration_s = time.perf_counter() - started
    run.status = "preview"
    db.session.flush()
    report(4, STAGES, "Done")
    return run


def _problem(inp: data.RunInputs, aff) -> AssignmentProblem:
    sidx = {int(s): i for i, s in enumerate(aff.submission_ids)}
    ridx = {int(u): i for i, u in enumerate(aff.reviewer_ids)}
    fixed = np.array([(sidx[s], ridx[u]) for s, u in inp.kept], dtype=np.int64).reshape(-1, 2)
    return AssignmentProblem(
        len(sidx), len(ridx), aff.paper_idx, aff.reviewer_idx, aff.score, forbidden=aff.forbidden,
        reviewers_per_paper=np.array([inp.demand[int(s)] for s in aff.submission_ids], np.int64),
        load_cap=np.array([inp.caps[int(u)] for u in aff.reviewer_ids], np.int64), fixed=fixed)


def _summary(inp: data.RunInputs, aff, result) -> dict:
    n_p = len(aff.submission_ids)
    scores = np.bincount(result.paper_idx, weights=result.affinity, minlength=n_p)
    loads = np.bincount(result.reviewer_idx, minlength=len(aff.reviewer_ids))
    candidates = np.bincount(aff.paper_idx, minlength=n_p)
    named = [int(p) for reason in result.reasons for p in re.findall(r"paper (\d+)", reason)]
    named += np.flatnonzero(result.shortfall > 0)[:500].tolist()
    numbers = dict(db.session.execute(sa.select(Submission.id, Submission.number).where(
        Submission.id.in_({int(aff.submission_ids[p]) for p in named}))).all())  # the few shown
    short = []
    for p in np.flatnonzero(result.shortfall > 0)[:500]:
        sid = int(aff.submission_ids[p])
        why = (f"only {int(candidates[p])} reviewers have no conflict with it"
               if candidates[p] < inp.demand[sid] else
               "the reviewers without a conflict are at their load cap")
        short.append({"submission_id": sid, "number": numbers.get(sid), "missing":
                      int(result.shortfall[p]), "why": why})

    def name_paper(match):
        sid = int(aff.submission_ids[int(match.group(1))])
        return f"submission #{numbers.get(sid, sid)}"

    return {
        "mode": result.mode, "feasible": bool(result.feasible), "optimal": bool(result.optimal),
        "reasons": [re.sub(r"paper (\d+)", name_paper, r) for r in result.reasons],
        "objective": float(result.objective), "bound": result.bound, "gap": result.gap,
        "fair_cost": result.fair_cost, "default_objective": result.default_objective,
        "min_paper_score": float(result.min_paper_score), "n_submissions": n_p,
        "n_reviewers": len(aff.reviewer_ids), "n_pairs": len(result.paper_idx),
        "n_candidates": len(aff.paper_idx), "text_method": aff.text_method,
        "mean_affinity": float(result.affinity.mean()) if len(result.affinity) else 0.0,
        "paper_scores": [round(float(s), 4) for s in scores],
        "loads": {str(int(u)): int(n) for u, n in zip(aff.reviewer_ids, loads, strict=True)},
        "caps": {str(u): c for u, c in inp.caps.items()},
        "shortfall": short, "kept": len(inp.kept),
        "kept_conflicted": [list(p) for p in inp.kept_conflicted],
        **_mode_figures(result),
    }


def _mode_figures(result) -> dict:
    """What a randomised run adds to the preview (q and the expected affinity under the cap),
    and a fair one (the bound on the worst submission's total and the gap to it)."""
    if result.mode == "fair" and result.fair_bound is not None:
        return {"fair_bound": result.fair_bound,
                "fair_gap": result.fair_bound - float(result.min_paper_score),
                "fair_rounds": int(result.stats.get("fair_rounds", 0))}
    if result.mode != "randomized":
        return {}
    keys = ("q", "q_fraction", "expected_objective", "max_pair_probability", "fractional_pairs")
    return {key: result.stats[key] for key in keys}


def apply_run(run: AssignmentRun, *, by, notify: bool = True) -> dict:
    """Make the run's pairs the assignment; kept pairs stay, pairs conflicted since are skipped.

    Flushes; queues one digest mail per reviewer with new assignments. Returns counts.
    """
    if run.status != "preview":
        raise InvalidTransition(f"This run is {run.status}; only a preview can be applied.")
    event = db.session.get(Event, run.event_id)
    target = targets.target_for(run.role)
    wanted = {(s, u): a for s, u, a in run.pairs}
    blocked = data.among(data.forbidden_pairs(event, run.role), list(wanted))
    counts = target.write_pairs(event, wanted, blocked=blocked, kept=set(target.kept_pairs(event)), run=run)
    run.status, run.applied_at, run.applied_by_id = "applied", utcnow(), getattr(by, "id", None)
    db.session.execute(sa.update(AssignmentRun).where(
        AssignmentRun.event_id == event.id, AssignmentRun.status == "preview",
        AssignmentRun.role == run.role, AssignmentRun.id != run.id).values(status="superseded"))
    if notify:
        target.notify_new(event, counts.pop("added_pairs"), key=f"assigned:run:{run.id}")
    else:
        counts.pop("added_pairs")
    audit.record("assignment.run_applied", event=event, actor=by, obj=run, **counts)
    db.session.flush()
    return counts


def write_pairs(event: Event, wanted: dict, *, blocked: set, kept: set, run=None) -> dict:
    """Bulk: delete current pairs not wanted (unless kept), insert wanted ones that are new."""
    current = dict(((s, u), i) for i, s, u in db.session.execute(
        sa.select(Assignment.id, Assignment.submission_id, Assignment.user_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event.id)).all())
    drop = [i for pair, i in current.items() if pair not in wanted and pair not in kept]
    for lo in range(0, len(drop), 5000):
        db.session.execute(sa.delete(Assignment).where(Assignment.id.in_(drop[lo:lo + 5000])))
    skipped = [p for p in wanted if p in blocked and p not in current]
    new = [p for p in wanted if p not in current and p not in blocked]
    if new:  # tens of thousands of rows: as tuples, not through the ORM's executemany
        now, run_id = driver_now(), getattr(run, "id", None)
        numbers = {s: iter(n) for s, n in numbering.reserve(s for s, _ in new).items()}
        insert_rows(Assignment.__tablename__, ("submission_id", "user_id", "role", "source", "locked",
                                               "run_id", "affinity", "reviewer_number", "created_at"),
                    ((s, u, "reviewer", "auto", False, run_id, wanted[(s, u)], next(numbers[s]), now)
                     for s, u in new))
    return {"added": len(new), "removed": len(drop), "skipped_conflicts": len(skipped),
            "added_pairs": new}


def notify_new(event: Event, pairs: list[tuple[int, int]], *, key: str) -> None:
    """One mail per reviewer listing the works newly assigned to them."""
    from reviewhub.assignment import queries
    from reviewhub.assignment.links import external_url
    from reviewhub.mail import services as mail

    by_user = defaultdict(list)
    for s, u in pairs:
        by_user[u].append(s)
    if not by_user:
        return
    users = queries.users_by_id(by_user)
    subs = queries.submissions_by_id({s for s, _ in pairs})
    link = external_url("reviewing.assignments", "events.show", slug=event.slug)
    planned = []
    for uid, sids in sorted(by_user.items()):
        user = users[uid]
        items = [f"#{subs[s][0]} {subs[s][1]}" for s in sorted(sids, key=lambda s: subs[s][0])]
        planned.append(mail.Planned(
            "assignment/assigned", mail.Recipient(user.email, user.name),
            {"name": user.name, "event_name": event.name, "items": items, "count": len(items),
             "link": link}, f"{key}:user:{uid}"))
    # One batch: the template is looked up once and existing keys are read per thousand, where
    # one enqueue per reviewer made three queries each (45,000 at 15,000 reviewers).
    mail.enqueue_many(planned, event=event)


def discard_run(run: AssignmentRun, *, by) -> None:
    if run.status != "preview":
        raise InvalidTransition(f"This run is {run.status}; only a preview can be discarded.")
    run.status = "discarded"
    audit.record("assignment.run_discarded", event=db.session.get(Event, run.event_id), actor=by,
                 obj=run)


# --- manual edits -------------------------------------------------------------------------


def is_pair_conflicted(submission: Submission, user) -> bool:
    from reviewhub.permissions import is_conflicted

    return is_conflicted(user, submission)


def add_assignment(submission: Submission, user, *, by, locked: bool = True,
                   review_round_id: int | None = None) -> Assignment:
    """Assign by hand (in a review round when given); refused for conflicts and non-reviewers.
    Flushes; queues the mail."""
    if submission.status != "submitted":
        raise DomainError("Only submitted works can be assigned.")
    is_reviewer = db.session.scalar(sa.select(sa.func.count()).where(
        Membership.event_id == submission.event_id, Membership.user_id == user.id,
        Membership.role == Role.reviewer))
    if not is_reviewer:
        raise DomainError(f"{user.name} is not a reviewer of this event.")
    if is_pair_conflicted(submission, user):
        raise DomainError(f"{user.name} has a conflict of interest with #{submission.number}; "
                          "not assigned.")
    exists = db.session.scalar(sa.select(Assignment).where(
        Assignment.submission_id == submission.id, Assignment.user_id == user.id))
    if exists is not None:
        raise DomainError(f"{user.name} is assigned to #{submission.number} already.")
    assignment = Assignment(submission_id=submission.id, user_id=user.id, source="manual",
                            locked=locked, reviewer_number=numbering.reserve_one(submission.id),
                            review_round_id=review_round_id)
    db.session.add(assignment)
    db.session.flush()
    audit.record("assignment.added", event=submission.event, actor=by, obj=assignment,
                 submission_id=submission.id, user_id=user.id, locked=locked, round_id=review_round_id)
    notify_new(submission.event, [(submission.id, user.id)], key=f"assigned:manual:{assignment.id}")
    return assignment


def remove_assignment(assignment: Assignment, *, by) -> None:
    """Unassign by hand; refused once a review exists (it would be deleted with it)."""
    from reviewhub.reviewing.models import Review

    if db.session.scalar(sa.select(sa.func.count()).where(Review.assignment_id == assignment.id)):
        raise DomainError("This reviewer has started a review; it cannot be unassigned here.")
    event = assignment.submission.event
    db.session.delete(assignment)
    db.session.flush()
    audit.record("assignment.removed", event=event, actor=by,
                 submission_id=assignment.submission_id, user_id=assignment.user_id)


def set_locked(assignment: Assignment, locked: bool, *, by) -> None:
    """Locked pairs are fixed for later runs, which keep them."""
    assignment.locked = locked
    db.session.flush()
    audit.record("assignment.locked" if locked else "assignment.unlocked",
                 event=assignment.submission.event, actor=by, obj=assignment)


def _reviewer_pairs(event: Event) -> set[tuple[int, int]]:
    from reviewhub.assignment import queries

    return queries.current_pairs(event)


targets.register(targets.Target(
    role=Role.reviewer, label="reviewers", current_pairs=_reviewer_pairs, kept_pairs=data.kept_pairs,
    write_pairs=write_pairs, notify_new=notify_new))
