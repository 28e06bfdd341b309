"""Pure committee computing: AC assignment optimality against brute force (the shared solver
with one chair per submission), SAC balancing, console figures, filters and sorts."""

import itertools
from datetime import date

import numpy as np
import pytest

from reviewhub.assignment.solver import AssignmentProblem, solve
from reviewhub.committee import core


def _brute_force(aff, caps, forbidden):
    n_p, n_r = aff.shape
    best = None
    for choice in itertools.product(range(n_r), repeat=n_p):
        if any((p, r) in forbidden for p, r in enumerate(choice)):
            continue
        if any(choice.count(r) > caps[r] for r in range(n_r)):
            continue
        total = sum(aff[p, r] for p, r in enumerate(choice))
        best = total if best is None else max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_one_chair_per_submission_is_optimal_on_small_instances(seed):
    rng = np.random.default_rng(seed)
    n_p, n_r = int(rng.integers(3, 7)), int(rng.integers(2, 4))
    aff = rng.random((n_p, n_r)).round(4)
    caps = rng.integers(1, n_p, size=n_r)
    while caps.sum() < n_p:
        caps[int(rng.integers(0, n_r))] += 1
    forbidden = {(int(rng.integers(0, n_p)), int(rng.integers(0, n_r))) for _ in range(2)}
    p_idx, r_idx = np.divmod(np.arange(n_p * n_r), n_r)
    problem = AssignmentProblem(n_p, n_r, p_idx, r_idx, aff.ravel(),
                                forbidden=np.array(sorted(forbidden), dtype=np.int64).reshape(-1, 2),
                                reviewers_per_paper=1, load_cap=caps.astype(np.int64))
    result = solve(problem)
    expected = _brute_force(aff, caps, forbidden)
    if expected is None:
        assert not result.feasible
        return
    assert result.feasible and result.optimal
    assert result.objective == pytest.approx(expected, abs=1e-5)
    assert sorted(result.paper_idx.tolist()) == list(range(n_p))  # one chair each
    assert not {(int(p), int(r)) for p, r in zip(result.paper_idx, result.reviewer_idx, strict=True)} & forbidden
    assert all(np.bincount(result.reviewer_idx, minlength=n_r) <= caps)


def test_senior_chairs_are_balanced_and_keep_existing_links():
    links = core.balance_senior_chairs([1, 2, 3, 4, 5, 6, 7], [10, 20], {1: 20, 2: 20})
    assert links[1] == 20 and links[2] == 20
    counts = {sac: sum(1 for v in links.values() if v == sac) for sac in (10, 20)}
    assert set(links) == {1, 2, 3, 4, 5, 6, 7} and abs(counts[10] - counts[20]) <= 1


def test_senior_chairs_respect_forbidden_pairs_and_gone_seniors():
    links = core.balance_senior_chairs([1, 2], [10, 20], {1: 99}, forbidden={(1, 10), (2, 10), (2, 20)})
    assert links == {1: 20}
    assert core.balance_senior_chairs([1], [], {}) == {}


def _row(number, scores=(), late=(0,), meta="none", last=None, title="T"):
    lines = tuple(core.ReviewerLine(i, i, f"R{i}", i, "submitted" if i < len(scores) else "draft",
                                    scores[i] if i < len(scores) else None, late[i] if i < len(late) else 0)
                  for i in range(max(len(scores), len(late))))
    return core.ConsoleRow(number, number, title, "AC", lines, 0, last, meta, "", tuple(scores))


def test_console_figures():
    row = _row(1, scores=(2, 5), late=(0, 0, 3))
    assert row.mean == 3.5 and row.spread == 3 and row.days_late == 3 and row.submitted == 2
    assert _row(2).mean is None and _row(2).spread is None
    # days late themselves: reviewing.lateness, one rule for every page (tests/reviewing/test_lateness.py)


def test_console_filters_and_sorts():
    rows = [_row(1, scores=(4, 4)), _row(2, scores=(1, 5), late=(0, 0, 2), title="Sketch diffusion"),
            _row(3, scores=(3,), meta="submitted", last=date(2026, 1, 2))]
    assert [r.number for r in core.filter_rows(rows, status="late")] == [2]
    assert [r.number for r in core.filter_rows(rows, status="disagree")] == [2]
    assert [r.number for r in core.filter_rows(rows, status="no_meta")] == [1, 2]
    assert [r.number for r in core.filter_rows(rows, q="sketch")] == [2]
    assert [r.number for r in core.sort_rows(rows, "spread")] == [2, 1, 3]
    assert [r.number for r in core.sort_rows(rows, "mean")] == [2, 3, 1]
    assert [r.number for r in core.sort_rows(rows, "activity")][0] == 3
    assert [r.number for r in core.sort_rows(rows, "nonsense")] == [1, 2, 3]
