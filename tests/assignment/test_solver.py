"""Solver: optimality against the LP (HiGHS) and brute force, invariants, fair mode, infeasibility."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from reviewhub.assignment.solver import AssignmentProblem, greedy, solve


@st.composite
def problems(draw):
    n_p, n_r = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    pairs = [(p, r) for p in range(n_p) for r in range(n_r)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    aff = draw(st.lists(st.integers(-300, 1000), min_size=len(edges), max_size=len(edges)))
    forbidden = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3))
    fixed = draw(st.lists(st.sampled_from(edges), unique=True, max_size=2)) if edges else []
    demand = draw(st.lists(st.integers(0, 2), min_size=n_p, max_size=n_p))
    cap = draw(st.lists(st.integers(0, 3), min_size=n_r, max_size=n_r))
    e = np.array(edges, dtype=np.int64).reshape(-1, 2)
    return AssignmentProblem(n_p, n_r, e[:, 0], e[:, 1], np.array(aff, float) / 1000,
                             forbidden=np.array(forbidden, np.int64).reshape(-1, 2),
                             reviewers_per_paper=np.array(demand), load_cap=np.array(cap),
                             fixed=np.array(fixed, np.int64).reshape(-1, 2))


def lp_optimum(pb: AssignmentProblem) -> float | None:
    """The assignment LP solved by HiGHS (None when infeasible), as the reference optimum."""
    forb = {tuple(x) for x in pb.forbidden.tolist()}
    fixed = {tuple(x) for x in pb.fixed.tolist()}
    if fixed & forb:
        return None
    edges = sorted({(int(p), int(r)) for p, r in zip(pb.paper_idx, pb.reviewer_idx, strict=True)} - forb | fixed)
    best = {}
    for p, r, a in zip(pb.paper_idx.tolist(), pb.reviewer_idx.tolist(), pb.affinity.tolist(), strict=True):
        best[(p, r)] = max(best.get((p, r), -np.inf), a)
    c = np.array([-best.get(e, 0.0) for e in edges])
    a_eq = np.zeros((pb.n_papers, len(edges)))
    a_ub = np.zeros((pb.n_reviewers, len(edges)))
    for j, (p, r) in enumerate(edges):
        a_eq[p, j], a_ub[r, j] = 1, 1
    bounds = [(1, 1) if e in fixed else (0, 1) for e in edges]
    if not edges:
        return 0.0 if not np.asarray(pb.reviewers_per_paper).any() else None
    res = linprog(c, A_ub=a_ub, b_ub=np.broadcast_to(pb.load_cap, pb.n_reviewers),
                  A_eq=a_eq, b_eq=np.broadcast_to(pb.reviewers_per_paper, pb.n_papers),
                  bounds=bounds, method="highs")
    return -res.fun if res.status == 0 else None


def check_invariants(pb: AssignmentProblem, res) -> None:
    pairs = list(zip(res.paper_idx.tolist(), res.reviewer_idx.tolist(), strict=True))
    assert len(pairs) == len(set(pairs))
    assert not set(pairs) & {tuple(x) for x in pb.forbidden.tolist()}
    load = np.bincount(res.reviewer_idx, minlength=pb.n_reviewers)
    fixed_load = np.bincount(pb.fixed[:, 1], minlength=pb.n_reviewers)  # kept even over the cap
    assert (load <= np.maximum(np.asarray(pb.load_cap), fixed_load)).all()
    got = np.bincount(res.paper_idx, minlength=pb.n_papers)
    assert (got + res.shortfall >= np.asarray(pb.reviewers_per_paper)).all()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_max_mode_matches_lp_optimum_and_certifies_it(pb):
    res = solve(pb)
    ref = lp_optimum(pb)
    check_invariants(pb, res)
    if ref is None:
        assert not res.feasible and res.reasons
        return
    assert res.feasible, res.reasons
    assert res.objective == pytest.approx(ref, abs=1e-6)
    assert res.optimal and res.bound == pytest.approx(res.objective, abs=1e-5)
    assert set(map(tuple, pb.fixed.tolist())) <= set(zip(res.paper_idx.tolist(), res.reviewer_idx.tolist(), strict=True))


@settings(max_examples=60, deadline=None)
@given(problems())
def test_fair_mode_is_never_less_fair_nor_more_total_than_max(pb):
    base, fair = solve(pb), solve(pb, "fair")
    check_invariants(pb, fair)
    assert fair.feasible == base.feasible
    if base.feasible:
        assert fair.min_paper_score >= base.min_paper_score - 1e-9
        assert fair.objective <= base.objective + 1e-6


def test_max_mode_equals_brute_force_on_a_dense_instance():
    rng = np.random.default_rng(3)
    n_p, n_r, aff = 3, 4, rng.random((3, 4))
    p, r = np.divmod(np.arange(12), 4)
    pb = AssignmentProblem(n_p, n_r, p, r, aff.reshape(-1), reviewers_per_paper=2, load_cap=2)
    best = -np.inf
    for choice in itertools.product(itertools.combinations(range(4), 2), repeat=3):
        load = np.bincount(np.array(choice).reshape(-1), minlength=4)
        if (load <= 2).all():
            best = max(best, sum(aff[i, list(c)].sum() for i, c in enumerate(choice)))
    assert solve(pb).objective == pytest.approx(best)


def test_fair_mode_lifts_a_starved_paper_at_a_small_cost():
    # Paper 1 likes only reviewer 0, which paper 0 likes slightly more; max mode starves paper 1.
    pb = AssignmentProblem(2, 2, np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]),
                           np.array([1.0, 0.9, 0.8, 0.0]), reviewers_per_paper=1, load_cap=1)
    base, fair = solve(pb), solve(pb, "fair")
    assert base.min_paper_score == pytest.approx(0.8) or base.min_paper_score == pytest.approx(0.0)
    assert fair.min_paper_score == pytest.approx(0.8)
    assert fair.fair_cost == pytest.approx(base.objective - fair.objective)


def test_forbidden_fixed_pair_is_reported_not_raised():
    pb = AssignmentProblem(1, 2, np.array([0, 0]), np.array([0, 1]), np.array([0.5, 0.4]),
                           forbidden=np.array([[0, 0]]), reviewers_per_paper=1, load_cap=1,
                           fixed=np.array([[0, 0]]))
    res = solve(pb)
    assert not res.feasible
    assert any("forbidden" in r and "paper 0" in r for r in res.reasons)
    assert (0, 0) not in set(zip(res.paper_idx.tolist(), res.reviewer_idx.tolist(), strict=True))


def test_paper_with_too_few_candidates_gets_a_shortfall_and_a_partial_assignment():
    pb = AssignmentProblem(2, 3, np.array([0, 0, 0, 1]), np.array([0, 1, 2, 0]),
                           np.array([0.5, 0.4, 0.3, 0.9]), reviewers_per_paper=2, load_cap=2)
    res = solve(pb)
    assert not res.feasible and res.shortfall.tolist() == [0, 1]
    assert any(r.startswith("paper 1: only 1 allowed") for r in res.reasons)
    assert len(res.paper_idx) == 3  # best partial assignment is kept and marked infeasible


def test_contention_beyond_hall_condition_is_reported_per_paper():
    # Both papers only accept reviewer 0, who can take one paper.
    pb = AssignmentProblem(2, 2, np.array([0, 1]), np.array([0, 0]), np.array([0.5, 0.6]),
                           reviewers_per_paper=1, load_cap=1)
    res = solve(pb)
    assert not res.feasible and res.shortfall.sum() == 1
    assert any("got 0 of 1" in r for r in res.reasons)


def test_greedy_respects_caps_and_reports_uncovered_papers():
    rng = np.random.default_rng(0)
    p, r = np.divmod(np.arange(40 * 10), 10)
    pb = AssignmentProblem(40, 10, p, r, rng.random(400), reviewers_per_paper=3, load_cap=12)
    g, m = greedy(pb), solve(pb)
    check_invariants(pb, g)
    assert g.objective <= m.objective + 1e-9
    assert g.feasible == (g.shortfall.sum() == 0)


def test_unknown_mode_is_a_programming_error():
    with pytest.raises(ValueError):
        solve(AssignmentProblem(0, 0, np.array([]), np.array([]), np.array([])), "best")


def test_medium_instance_matches_highs_and_the_certificate_is_exact():
    rng = np.random.default_rng(11)
    n_p, n_r = 60, 40
    keys = np.sort(rng.choice(n_p * n_r, 900, replace=False))
    p, r = np.divmod(keys, n_r)
    pb = AssignmentProblem(n_p, n_r, p, r, rng.random(900), reviewers_per_paper=3, load_cap=5,
                           forbidden=np.stack(np.divmod(rng.choice(n_p * n_r, 50), n_r), 1))
    res = solve(pb)
    assert res.feasible and res.optimal
    assert res.objective == pytest.approx(lp_optimum(pb), abs=1e-5)
    assert res.stats["dual_int"] == res.stats["primal_int"]


def _medium(seed: int, n_p: int = 60, n_r: int = 40, n_edges: int = 900) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    keys = rng.choice(n_p * n_r, n_edges, replace=False)
    p, r = np.divmod(keys, n_r)
    return AssignmentProblem(n_p, n_r, p, r, rng.random(n_edges), reviewers_per_paper=3, load_cap=5)


def _residual_graph(c, flow):
    """The residual graph of _potentials' docstring, built plainly, with a root at the end."""
    import scipy.sparse as sp

    n_p, n_r = len(c.demand), len(c.cap)
    sink, root = n_p + n_r, n_p + n_r + 1
    used = flow > 0
    load = np.bincount(c.r[used], minlength=n_r)
    arcs = [(int(n_p + r) if u else int(p), int(p) if u else int(n_p + r), float(-k if u else k))
            for p, r, k, u in zip(c.p, c.r, c.cost, used, strict=True)]
    arcs += [(n_p + r, sink, 0.0) for r in range(n_r) if load[r] < c.cap[r]]
    arcs += [(sink, n_p + r, 0.0) for r in range(n_r) if load[r] > 0]
    arcs += [(root, v, 0.0) for v in range(root)]
    t, h, w = zip(*arcs, strict=True)
    return sp.csr_matrix((w, (t, h)), shape=(root + 1, root + 1)), arcs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_potentials_are_the_shortest_distances_and_make_every_reduced_cost_nonnegative(seed):
    from scipy.sparse.csgraph import bellman_ford

    from reviewhub.assignment.solver import _potentials, _prepare, _run_flow

    c = _prepare(_medium(seed))
    flow, met = _run_flow(c, c.cost)
    assert met
    dist = _potentials(c, flow)
    graph, arcs = _residual_graph(c, flow)
    reference = bellman_ford(graph, directed=True, indices=graph.shape[0] - 1)[:-1]
    assert dist.tolist() == reference.astype(np.int64).tolist()
    assert all(dist[h] <= dist[t] + w for t, h, w in arcs if t < len(dist))


def test_a_suboptimal_flow_gets_no_potentials_and_no_certificate():
    from reviewhub.assignment.solver import _dual_bound, _potentials, _prepare, _run_flow

    c = _prepare(_medium(5))
    worst, met = _run_flow(c, -c.cost)  # feasible, but the least affinity there is
    assert met and _potentials(c, worst) is None  # its residual graph has a negative cycle
    best, _ = _run_flow(c, c.cost)
    dist = _potentials(c, best)
    assert _dual_bound(c, dist, 1e6, None, c.cost) == -(c.cost * best).sum()
    assert _dual_bound(c, dist, 1e6, None, c.cost) > -(c.cost * worst).sum()


def test_duplicate_and_unsorted_edges_keep_the_highest_affinity():
    pb = AssignmentProblem(2, 2, np.array([1, 0, 0, 1, 0]), np.array([0, 1, 1, 1, 0]),
                           np.array([0.2, 0.1, 0.9, 0.3, 0.4]), reviewers_per_paper=1, load_cap=1)
    res = solve(pb)
    assert res.optimal and res.objective == pytest.approx(0.9 + 0.2)
    assert sorted(zip(res.paper_idx.tolist(), res.reviewer_idx.tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_a_negative_affinity_edge_that_must_be_used_is_still_certified():
    pb = AssignmentProblem(1, 6, np.array([0, 0, 0]), np.array([5, 0, 1]),
                           np.array([0.0, 0.0, -0.001]), reviewers_per_paper=2,
                           load_cap=np.array([0, 1, 0, 0, 0, 1]))
    res = solve(pb)
    assert res.feasible and res.optimal and res.objective == pytest.approx(-0.001)
