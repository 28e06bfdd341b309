"""Whom an automatic run assigns, and where its pairs live.

The solver, its certificate, the preview and apply are the same for every role; a target says
what differs: reviewers (several per submission, in `assignments`) or, registered by the
committee domain, the one area chair of each submission (in its own table)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    role: str
    label: str  # "reviewers", "area chairs"
    current_pairs: Callable  # event -> {(submission_id, user_id)}
    kept_pairs: Callable  # event -> [(submission_id, user_id)] that runs never remove
    write_pairs: Callable  # (event, wanted, *, blocked, kept, run) -> counts with "added_pairs"
    notify_new: Callable  # (event, pairs, *, key) -> None
    per_submission: Callable | None = None  # event -> users wanted per submission (None: per type)
    done_endpoint: str = "assignment.current"  # where "apply" leads


_TARGETS: dict[str, Target] = {}


def register(target: Target) -> None:
    _TARGETS[target.role] = target


def target_for(role: str) -> Target:
    from reviewhub.assignment.services import runs  # noqa: F401  (registers the reviewers' target)

    try:
        return _TARGETS[role]
    except KeyError:
        raise LookupError(f"no assignment target for role {role!r}") from None
