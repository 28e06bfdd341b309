"""Fair mode's bound on the minimum paper score: valid, and the mode stops once it is reached."""

import itertools

import numpy as np
import pytest

from reviewhub.assignment import solver
from reviewhub.assignment.solver import AssignmentProblem, _prepare, fair_bound, solve


def _dense(aff: np.ndarray, k: int, cap: int, forbidden=()) -> AssignmentProblem:
    n_p, n_r = aff.shape
    p, r = np.meshgrid(np.arange(n_p), np.arange(n_r), indexing="ij")
    return AssignmentProblem(n_p, n_r, p.ravel(), r.ravel(), aff.ravel(), reviewers_per_paper=k,
                             load_cap=cap, forbidden=np.array(forbidden, np.int64).reshape(-1, 2))


def brute_max_min(aff: np.ndarray, k: int, cap: int, forbidden=()) -> float:
    n_p, n_r = aff.shape
    banned = set(map(tuple, forbidden))
    options = [[c for c in itertools.combinations(range(n_r), k) if not {(p, r) for r in c} & banned]
               for p in range(n_p)]
    best = -np.inf
    for choice in itertools.product(*options):
        load = np.bincount([r for c in choice for r in c], minlength=n_r)
        if (load <= cap).all():
            best = max(best, min(aff[p, list(c)].sum() for p, c in enumerate(choice)))
    return best


@pytest.mark.parametrize("seed", range(25))
def test_the_bound_is_never_below_the_best_achievable_minimum(seed):
    rng = np.random.default_rng(seed)
    aff = np.round(rng.random((3, 4)) * 2 - 0.3, 3)
    forbidden = [(0, int(rng.integers(4)))]
    pb = _dense(aff, 2, 2, forbidden)
    bound = fair_bound(pb, _prepare(pb))
    best = brute_max_min(aff, 2, 2, forbidden)
    assert bound >= best - 1e-9
    res = solve(pb, "fair")
    assert res.fair_bound == pytest.approx(bound)
    assert res.min_paper_score <= bound + 1e-9


def test_fair_mode_stops_at_once_when_the_exact_solution_sits_at_the_bound(monkeypatch):
    # Each paper's two best reviewers are its own and load caps leave room: the max solution
    # gives every paper its best pair, which is the bound; no re-weighted flow may run.
    rng = np.random.default_rng(1)
    aff = rng.random((40, 100)) * 0.3
    for p in range(40):
        aff[p, [2 * p, 2 * p + 1]] = 0.9 + rng.random(2) * 0.1
    pb = _dense(aff, 2, 3)
    calls = []
    real = solver._weighted_flow
    monkeypatch.setattr(solver, "_weighted_flow", lambda *a: calls.append(1) or real(*a))
    res = solve(pb, "fair")
    assert res.feasible and calls == [] and res.stats["fair_rounds"] == 0
    assert res.min_paper_score == pytest.approx(res.fair_bound)
    assert res.fair_cost == 0.0 and res.objective == pytest.approx(solve(pb).objective)


def test_fair_mode_stops_once_a_round_reaches_the_bound():
    # Paper 1 takes reviewer 2 in the max solution (1.0 + 0.3 beats 0.65 + 0.6), leaving paper 2
    # at 0.3; its bound is 0.6 (reviewer 2). The first re-weighted round gives reviewer 2 to
    # paper 2, which reaches the bound, and fair mode stops there instead of running ten rounds.
    aff = np.array([[0.9, 0.0, 0.0, 0.0],
                    [0.0, 0.0, 1.0, 0.65],
                    [0.0, 0.0, 0.6, 0.3]])
    pb = _dense(aff, 1, 1)
    assert solve(pb).min_paper_score == pytest.approx(0.3)
    res = solve(pb, "fair", fair_rounds=10)
    assert res.fair_bound == pytest.approx(0.6) and res.min_paper_score == pytest.approx(0.6)
    assert res.stats["fair_rounds"] == 1 and res.fair_cost == pytest.approx(0.05)


def test_the_bound_counts_fixed_pairs_and_negative_affinities():
    aff = np.array([[-0.5, -0.2, -0.1], [0.4, 0.3, 0.2]])
    pb = AssignmentProblem(2, 3, *np.meshgrid(np.arange(2), np.arange(3), indexing="ij")[0].ravel()[None],
                           reviewer_idx=np.tile(np.arange(3), 2), affinity=aff.ravel(),
                           reviewers_per_paper=2, load_cap=2, fixed=np.array([[1, 2]]))
    # paper 0 must take two reviewers: at best -0.1 - 0.2; paper 1: fixed 0.2 + best other 0.4
    assert fair_bound(pb, _prepare(pb)) == pytest.approx(-0.3)
