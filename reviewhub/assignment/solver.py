"""Reviewer assignment by exact min-cost flow with an LP optimality certificate, plus fair and greedy modes.

Public API (pure: no Flask, no database, no clock)::

    problem = AssignmentProblem(n_papers, n_reviewers, paper_idx, reviewer_idx, affinity,
                                forbidden=pairs, reviewers_per_paper=3, load_cap=5, fixed=pairs)
    result = solve(problem)                 # mode="max": maximise total affinity, exactly
    result = solve(problem, mode="fair")    # max-min paper score first, then total
    result = greedy(problem)                # baseline: best edges first
    result.feasible, result.reasons, result.shortfall, result.paper_idx, result.reviewer_idx, ...

The LP (a bipartite b-matching, totally unimodular, so the LP optimum is integral)::

    max sum_e a_e x_e  s.t.  sum_{r} x_pr = d_p (papers),  sum_{p} x_pr <= c_r (reviewers),
                             0 <= x_e <= 1,  x_e = 1 for fixed pairs,  x_e = 0 if forbidden.

``max`` mode solves it as a min-cost flow (OR-Tools, costs -round(a * scale)). The certificate is
the LP dual: any potentials u_p (free) and v_r >= 0 bound the optimum by
``B(u, v) = sum d_p u_p + sum c_r v_r + sum_e max(0, a_e - u_p - v_r)`` (weak duality). Potentials
come from shortest-path distances in the residual graph of the returned flow (label-correcting
sweeps in numpy that only touch the arcs of labels that moved); ``optimal`` means B equals the objective exactly in the integer costs the
flow used, and ``bound``/``gap`` are B and B - objective in affinity units (the gap is then only
the rounding of affinities to 1/scale).

``fair`` mode (heuristic, always at least as fair as ``max``): first the bound ``fair_bound``
(no paper can score more than its best ``d_p`` allowed affinities, so neither can the worst);
it stops as soon as the minimum reaches it (often the ``max`` solution already does). Else it
repeatedly re-solves the flow with
per-paper weights w_p * a_e, doubling w_p for the worst 2% of papers each round (multiplicative
weights on the max-min LP), keep the round with the best minimum paper score, then shrink the
weights toward 1 while the minimum holds, to win back total affinity. The ``max`` solution is round 0,
so ``min_paper_score`` never drops below the default; ``fair_cost`` is the total given up.

Infeasible inputs never raise: the result has ``feasible=False``, human-readable ``reasons``, a
per-paper ``shortfall`` and the best partial assignment (a max flow of max affinity).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

EMPTY_PAIRS = np.empty((0, 2), dtype=np.int64)


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """Indices are 0-based; ``forbidden`` and ``fixed`` are (m, 2) arrays of (paper, reviewer)."""

    n_papers: int
    n_reviewers: int
    paper_idx: np.ndarray
    reviewer_idx: np.ndarray
    affinity: np.ndarray
    forbidden: np.ndarray = field(default_factory=lambda: EMPTY_PAIRS)
    reviewers_per_paper: int | np.ndarray = 3
    load_cap: int | np.ndarray = 5
    fixed: np.ndarray = field(default_factory=lambda: EMPTY_PAIRS)
    scale: float = 1e6  # affinities are rounded to 1/scale for the integer flow


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """An assignment and how good it is; ``paper_idx``/``reviewer_idx`` include fixed pairs."""

    mode: str
    feasible: bool
    paper_idx: np.ndarray
    reviewer_idx: np.ndarray
    affinity: np.ndarray
    objective: float
    min_paper_score: float
    shortfall: np.ndarray  # per paper: reviewers still missing (all 0 when feasible)
    reasons: tuple[str, ...] = ()
    bound: float | None = None  # LP upper bound on the objective (max mode)
    gap: float | None = None
    optimal: bool = False
    default_objective: float | None = None  # fair mode: the max-mode figures it is compared to
    default_min_paper_score: float | None = None
    fair_cost: float | None = None
    fair_bound: float | None = None  # fair mode: upper bound on the minimum paper score
    stats: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class _Clean:
    """Validated problem: free edges (not fixed, not forbidden), residual demand and capacity."""

    p: np.ndarray
    r: np.ndarray
    a: np.ndarray
    cost: np.ndarray  # int64, -round(a * scale)
    demand: np.ndarray  # residual after fixed pairs
    cap: np.ndarray
    fixed: np.ndarray
    fixed_a: np.ndarray
    reasons: tuple[str, ...]


def _per(value: int | np.ndarray, n: int) -> np.ndarray:
    arr = np.asarray(value, dtype=np.int64)
    return np.full(n, int(arr), dtype=np.int64) if arr.ndim == 0 else arr.astype(np.int64)


def _keys(pairs: np.ndarray, n_r: int) -> np.ndarray:
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return np.sort(pairs[:, 0] * n_r + pairs[:, 1])


def _contains(sorted_keys: np.ndarray, x: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, x), len(sorted_keys) - 1)
    return sorted_keys[pos] == x


def _dedupe_edges(pb: AssignmentProblem) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Edge keys and affinities, sorted, one per pair (highest affinity), in range and finite."""
    p = np.asarray(pb.paper_idx, dtype=np.int64)
    r = np.asarray(pb.reviewer_idx, dtype=np.int64)
    a = np.asarray(pb.affinity, dtype=np.float64)
    ok = (p >= 0) & (p < pb.n_papers) & (r >= 0) & (r < pb.n_reviewers) & np.isfinite(a)
    reasons = [f"{int((~ok).sum())} candidate edges ignored: index out of range or affinity not finite"] if not ok.all() else []
    keys, a = p[ok] * pb.n_reviewers + r[ok], a[ok]
    if len(keys) < 2 or (keys[1:] > keys[:-1]).all():  # compute_affinity's edges: sorted, unique
        return keys, a, reasons
    order = np.argsort(keys, kind="stable")
    keys, a = keys[order], a[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.maximum.reduceat(a, starts), reasons


def _check_fixed(pb: AssignmentProblem, fkeys: np.ndarray, ekeys: np.ndarray,
                 ea: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Fixed pairs that can be kept, their affinity (0 when not a candidate), and complaints."""
    n_r, reasons = pb.n_reviewers, []
    fixed = np.asarray(pb.fixed, dtype=np.int64).reshape(-1, 2)
    bad = (fixed[:, 0] < 0) | (fixed[:, 0] >= pb.n_papers) | (fixed[:, 1] < 0) | (fixed[:, 1] >= n_r)
    for p, r in fixed[bad][:20]:
        reasons.append(f"fixed pair (paper {p}, reviewer {r}) is out of range")
    keys = np.sort(fixed[~bad, 0] * n_r + fixed[~bad, 1])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    forb = _contains(fkeys, keys)
    for k in keys[forb][:20]:
        reasons.append(f"paper {k // n_r}: fixed reviewer {k % n_r} is forbidden (conflict); pair dropped")
    keys = keys[~forb]
    pos = np.minimum(np.searchsorted(ekeys, keys), max(len(ekeys) - 1, 0))
    hit = _contains(ekeys, keys)
    fa = np.where(hit, ea[pos] if len(ekeys) else 0.0, 0.0)
    return np.stack([keys // n_r, keys % n_r], axis=1), fa, reasons


def _prepare(pb: AssignmentProblem) -> _Clean:
    """Validate and reduce: drop forbidden/fixed/useless edges, subtract fixed load and demand."""
    n_p, n_r = pb.n_papers, pb.n_reviewers
    ekeys, ea, reasons = _dedupe_edges(pb)
    fkeys = _keys(pb.forbidden, n_r)
    fixed, fixed_a, more = _check_fixed(pb, fkeys, ekeys, ea)
    reasons += more
    demand0, cap0 = _per(pb.reviewers_per_paper, n_p), _per(pb.load_cap, n_r)
    demand = demand0 - np.bincount(fixed[:, 0], minlength=n_p)
    cap = cap0 - np.bincount(fixed[:, 1], minlength=n_r)
    for p in np.flatnonzero(demand < 0)[:20]:
        reasons.append(f"paper {p}: {demand0[p] - demand[p]} fixed reviewers but only {demand0[p]} wanted")
    for r in np.flatnonzero(cap < 0)[:20]:
        reasons.append(f"reviewer {r}: {cap0[r] - cap[r]} fixed papers exceed load cap {cap0[r]}")
    demand, cap = np.maximum(demand, 0), np.maximum(cap, 0)
    fixed_keys = fixed[:, 0] * n_r + fixed[:, 1]
    keep = ~_contains(fkeys, ekeys) & ~_contains(np.sort(fixed_keys), ekeys)
    ekeys, ea = ekeys[keep], ea[keep]
    p, r = ekeys // n_r, ekeys % n_r
    useful = (demand[p] > 0) & (cap[r] > 0)  # such edges cannot carry flow; the LP is unchanged
    p, r, ea = p[useful], r[useful], ea[useful]
    return _Clean(p, r, ea, -np.round(ea * pb.scale).astype(np.int64), demand, cap, fixed,
                  fixed_a, tuple(reasons))


def _capacity_reasons(c: _Clean) -> list[str]:
    """Reasons visible before solving: too few allowed candidates, too little total capacity."""
    reasons = []
    avail = np.bincount(c.p, minlength=len(c.demand))
    short = np.flatnonzero(avail < c.demand)
    for p in short[:50]:
        reasons.append(f"paper {p}: only {avail[p]} allowed candidate reviewers with spare load, "
                       f"{c.demand[p]} needed")
    if len(short) > 50:
        reasons.append(f"... and {len(short) - 50} more papers with too few allowed candidates")
    if c.cap.sum() < c.demand.sum():
        reasons.append(f"total reviewer capacity {c.cap.sum()} < reviews needed {c.demand.sum()}")
    return reasons


def _run_flow(c: _Clean, cost: np.ndarray) -> tuple[np.ndarray, bool]:
    """Min-cost flow on the free edges; returns per-edge 0/1 flow and whether demand was met."""
    n_p, n_r = len(c.demand), len(c.cap)
    sink = n_p + n_r
    mcf = SimpleMinCostFlow()
    revs = np.flatnonzero(c.cap > 0)
    tails = np.concatenate([c.p, n_p + revs]).astype(np.int32)
    heads = np.concatenate([n_p + c.r, np.full(len(revs), sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(len(c.p), np.int64), c.cap[revs]])
    costs = np.concatenate([cost, np.zeros(len(revs), np.int64)])
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([c.demand, np.zeros(n_r, np.int64), [-c.demand.sum()]])
    mcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        status = mcf.solve_max_flow_with_min_cost()
        if status != mcf.OPTIMAL:
            return np.zeros(len(c.p), np.int64), False
    flow = mcf.flows(np.arange(len(c.p), dtype=np.int32))
    return flow, int(flow.sum()) == int(c.demand.sum())


def _potentials(c: _Clean, flow: np.ndarray) -> np.ndarray | None:
    """Shortest distances from a virtual root in the residual graph of an optimal flow, as one
    array over [papers, reviewers, sink]; None if they do not settle (a negative cycle: the
    flow was not optimal).

    Residual arcs: paper -> reviewer on unused edges (cost ``c.cost``, negative), reviewer ->
    paper on used ones (``-c.cost``), reviewer -> sink with spare load, sink -> reviewer with
    some load (both 0). Label-correcting sweeps by node kind: reviewers from the papers that
    changed in the last sweep (so late sweeps, when few labels still move, touch few of the
    millions of unused arcs), then papers from their reviewers, then the sink.
    """
    n_p, n_r = len(c.demand), len(c.cap)
    used = flow > 0
    load = np.bincount(c.r[used], minlength=n_r)
    slack, busy = load < c.cap, load > 0
    out_p, out_r, out_cost = c.p[~used], c.r[~used], c.cost[~used]  # sorted by paper (_prepare)
    first_out = np.searchsorted(out_p, np.arange(n_p + 1))
    in_p, in_r, in_cost = c.p[used], c.r[used], -c.cost[used]
    in_starts = np.flatnonzero(np.r_[True, in_p[1:] != in_p[:-1]]) if len(in_p) else in_p
    in_heads = in_p[in_starts]
    floor = -int(np.abs(c.cost).sum()) - 1  # no simple path is shorter
    dist_p, dist_r, dist_sink = np.zeros(n_p, np.int64), np.zeros(n_r, np.int64), 0
    changed, sink_moved = np.arange(n_p), True
    while len(changed) or sink_moved:
        lo, count = first_out[changed], first_out[changed + 1] - first_out[changed]
        arcs = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        np.minimum.at(dist_r, out_r[arcs], np.repeat(dist_p[changed], count) + out_cost[arcs])
        np.minimum(dist_r, np.where(busy, dist_sink, dist_r), out=dist_r)
        best = np.minimum.reduceat(dist_r[in_r] + in_cost, in_starts) if len(in_r) else in_r
        better = best < dist_p[in_heads]
        changed = in_heads[better]
        dist_p[changed] = best[better]
        new_sink = min(dist_sink, int(dist_r[slack].min())) if slack.any() else dist_sink
        sink_moved, dist_sink = new_sink < dist_sink, new_sink
        if len(changed) and dist_p[changed].min() < floor:
            return None
    return np.concatenate([dist_p, dist_r, [dist_sink]])


def _dual_bound(c: _Clean, dist: np.ndarray, scale: float, a: np.ndarray | None,
                cost: np.ndarray) -> float:
    """B(u, v) of the module docstring, in the units of ``a`` (float) or of ``-cost`` (ints)."""
    n_p = len(c.demand)
    u = (dist[:n_p] - dist[-1]).astype(np.float64)
    v = np.maximum(0, dist[-1] - dist[n_p:-1]).astype(np.float64)
    if a is None:
        w = np.maximum(0, -cost - u[c.p] - v[c.r])
        return float((c.demand * u).sum() + (c.cap * v).sum() + w.sum())
    u, v = u / scale, v / scale
    return float((c.demand * u).sum() + (c.cap * v).sum() + np.maximum(0, a - u[c.p] - v[c.r]).sum())


def _result(pb: AssignmentProblem, c: _Clean, flow: np.ndarray, mode: str, feasible: bool,
            reasons: list[str], **extra) -> AssignmentResult:
    """Assemble pairs (fixed + flow), paper scores and shortfall."""
    used = flow > 0
    p = np.concatenate([c.fixed[:, 0], c.p[used]])
    r = np.concatenate([c.fixed[:, 1], c.r[used]])
    a = np.concatenate([c.fixed_a, c.a[used]])
    order = np.lexsort((r, p))
    p, r, a = p[order], r[order], a[order]
    scores = np.bincount(p, weights=a, minlength=pb.n_papers)
    got = np.bincount(p, minlength=pb.n_papers)
    shortfall = np.maximum(0, _per(pb.reviewers_per_paper, pb.n_papers) - got)
    if feasible and shortfall.any():  # defensive: never call a partial result feasible
        feasible = False
        reasons.append(f"{int((shortfall > 0).sum())} papers short of reviewers")
    return AssignmentResult(
        mode=mode, feasible=feasible and not reasons, paper_idx=p, reviewer_idx=r, affinity=a,
        objective=float(a.sum()), min_paper_score=float(scores.min()) if pb.n_papers else 0.0,
        shortfall=shortfall, reasons=tuple(reasons), **extra)


def _flow_shortfall_reasons(pb: AssignmentProblem, c: _Clean, flow: np.ndarray) -> list[str]:
    got = np.bincount(c.p[flow > 0], minlength=pb.n_papers)
    short = np.flatnonzero(got < c.demand)
    out = [f"paper {p}: got {got[p]} of {c.demand[p]} needed reviewers (candidates taken by "
           f"other papers; raise load caps or add reviewers)" for p in short[:50]]
    if len(short) > 50:
        out.append(f"... and {len(short) - 50} more papers short of reviewers")
    return out


def _solve_max(pb: AssignmentProblem, c: _Clean) -> AssignmentResult:
    reasons = list(c.reasons) + _capacity_reasons(c)
    flow, met = _run_flow(c, c.cost)
    if not met:
        reasons += _flow_shortfall_reasons(pb, c, flow) or ["flow solver failed"]
    if reasons:
        return _result(pb, c, flow, "max", False, reasons)
    dist = _potentials(c, flow)
    if dist is None:
        return _result(pb, c, flow, "max", True, [], stats={"certificate": "not converged"})
    primal_int = float(-(c.cost * flow).sum())
    dual_int = _dual_bound(c, dist, pb.scale, None, c.cost)
    fixed_sum = float(c.fixed_a.sum())
    bound = _dual_bound(c, dist, pb.scale, c.a, c.cost) + fixed_sum
    objective = float((c.a * flow).sum()) + fixed_sum
    return _result(pb, c, flow, "max", True, [], bound=bound, gap=bound - objective,
                   optimal=dual_int == primal_int,
                   stats={"dual_int": dual_int, "primal_int": primal_int})


def _paper_scores(pb: AssignmentProblem, c: _Clean, flow: np.ndarray) -> np.ndarray:
    used = flow > 0
    s = np.bincount(c.p[used], weights=c.a[used], minlength=pb.n_papers)
    return s + np.bincount(c.fixed[:, 0], weights=c.fixed_a, minlength=pb.n_papers)


def _weighted_flow(pb: AssignmentProblem, c: _Clean, w: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Flow maximising sum_p w_p * score_p; returns it with its (min score, total)."""
    flow, met = _run_flow(c, -np.round(c.a * w[c.p] * pb.scale).astype(np.int64))
    s = _paper_scores(pb, c, flow)
    return flow, (float(s.min()) if met else -np.inf), float(s.sum())


def fair_bound(pb: AssignmentProblem, c: _Clean) -> float:
    """No assignment gives a paper more than its fixed pairs plus its best ``demand`` allowed
    affinities, so the smallest such sum bounds the minimum paper score from above."""
    if pb.n_papers == 0:
        return 0.0
    order = np.lexsort((-c.a, c.p))  # by paper, best first
    p, a = c.p[order], c.a[order]
    first = np.searchsorted(p, np.arange(pb.n_papers))
    top = np.arange(len(p)) - first[p] < c.demand[p]
    best = np.bincount(p[top], weights=a[top], minlength=pb.n_papers)
    return float((best + np.bincount(c.fixed[:, 0], weights=c.fixed_a, minlength=pb.n_papers)).min())


def _solve_fair(pb: AssignmentProblem, c: _Clean, rounds: int, quantile: float) -> AssignmentResult:
    base = _solve_max(pb, c)
    if not base.feasible or pb.n_papers == 0:
        return replace(base, mode="fair")
    bound = fair_bound(pb, c)
    eps = 1e-9 * max(1.0, abs(bound))
    w = np.ones(pb.n_papers)
    best_flow, best_min, best_total = None, base.min_paper_score, base.objective
    best_w, flow, used = w.copy(), None, 0
    for _ in range(rounds):
        if best_min >= bound - eps:  # at the bound: no round can raise the minimum further
            break
        used += 1
        s = _paper_scores(pb, c, flow) if flow is not None else _scores_of(pb, base)
        w = np.minimum(w * np.where(s <= np.quantile(s, quantile), 2.0, 1.0), 1e3)
        flow, mn, tot = _weighted_flow(pb, c, w)
        if mn > best_min + eps or (mn >= best_min - eps and tot > best_total and best_flow is not None):
            best_flow, best_min, best_total, best_w = flow, mn, tot, w.copy()
    for shrink in (0.5, 0.25, 0.1):  # give back total affinity while the minimum holds
        if best_flow is None:
            break
        flow, mn, tot = _weighted_flow(pb, c, 1 + shrink * (best_w - 1))
        if mn >= best_min - eps and tot > best_total:
            best_flow, best_total = flow, tot
    extra = dict(default_objective=base.objective, default_min_paper_score=base.min_paper_score,
                 bound=base.bound, fair_bound=bound)
    if best_flow is None:
        return replace(base, mode="fair", fair_cost=0.0, stats={**base.stats, "fair_rounds": used},
                       **extra)
    res = _result(pb, c, best_flow, "fair", True, [], stats={"fair_rounds": used}, **extra)
    return replace(res, fair_cost=base.objective - res.objective, gap=None if base.bound is None
                   else base.bound - res.objective)


def _scores_of(pb: AssignmentProblem, res: AssignmentResult) -> np.ndarray:
    return np.bincount(res.paper_idx, weights=res.affinity, minlength=pb.n_papers)


def solve(problem: AssignmentProblem, mode: str = "max", *, fair_rounds: int = 10,
          fair_quantile: float = 0.02, q: float = 0.5, seed: int = 0) -> AssignmentResult:
    """Assign reviewers (module docstring); never raises on infeasible data, reports it instead.
    ``randomized`` mode (``randomized.py``) caps each pair's probability at ``q`` and draws
    with ``seed``."""
    if mode == "randomized":
        from reviewhub.assignment.randomized import solve_randomized

        return solve_randomized(problem, q, seed=seed)
    if mode not in ("max", "fair"):
        raise ValueError(f"unknown mode {mode!r}")
    c = _prepare(problem)
    return _solve_max(problem, c) if mode == "max" else _solve_fair(problem, c, fair_rounds,
                                                                     fair_quantile)


def greedy(problem: AssignmentProblem) -> AssignmentResult:
    """Baseline: take edges by decreasing affinity while the paper and the reviewer have room."""
    c = _prepare(problem)
    order = np.lexsort((c.r, c.p, -c.a))
    need, room = c.demand.copy().tolist(), c.cap.copy().tolist()
    flow = np.zeros(len(c.p), np.int64)
    ps, rs = c.p[order].tolist(), c.r[order].tolist()
    for i, p, r in zip(order.tolist(), ps, rs, strict=True):
        if need[p] > 0 and room[r] > 0:
            need[p] -= 1
            room[r] -= 1
            flow[i] = 1
    reasons = list(c.reasons)
    if sum(need) > 0:
        reasons += _flow_shortfall_reasons(problem, c, flow)
    return _result(problem, c, flow, "greedy", not reasons, reasons)
