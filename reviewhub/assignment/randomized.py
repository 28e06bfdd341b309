"""Randomised assignment (Jecmen et al., NeurIPS 2020; OpenReview's "Randomized" solver).

No reviewer-paper pair gets probability above ``q``, so a reviewer who colludes or bids their
way onto a paper has at most a ``q`` chance of getting it, and among all assignment
distributions with that cap the one returned maximises the expected total affinity.

Public API (pure: no Flask, no database, no clock; randomness only from ``seed``)::

    frac = marginals(problem, q=0.5)      # the fractional optimum: P(pair) per candidate edge
    draw = dependent_round(frac, seed=1)  # one assignment drawn with exactly those marginals
    result = solve_randomized(problem, q=0.5, seed=1)   # both, as an AssignmentResult

The fractional problem is the solver's LP with the edge bound ``x_e <= 1`` replaced by
``x_e <= q``. With ``q = t/m`` (a fraction of small denominator), scaling every number by
``m`` turns it into a min-cost flow with integer data (paper demand ``m*d_p``, reviewer
capacity ``m*c_r``, edge capacity ``t``), which is totally unimodular: the integer flow ``y``
is the LP optimum and ``y_e/m`` are the marginal probabilities. No general LP solver needed.

The draw is dependent rounding on the bipartite graph (Gandhi, Khuller, Parthasarathy and
Srinivasan, J. ACM 2006), in integer units of ``1/m``: while some edge is fractional, take a
cycle, or a maximal path, of fractional edges, split it into alternate edges E1, E2, and move
``+alpha`` on E1 / ``-alpha`` on E2 with probability ``beta/(alpha+beta)``, else ``-beta`` /
``+beta`` (alpha, beta the largest moves that keep every edge in [0, m]). Each step leaves
every edge's expectation unchanged and makes at least one edge integral. Every vertex inside
the cycle or path keeps its degree; only path ends (vertices with one fractional edge) move,
and then within the floor and ceiling of their fractional degree. A paper's degree ``m*d_p``
is a multiple of ``m``, so a paper never has exactly one fractional edge: it keeps exactly
``d_p`` reviewers, and a reviewer never exceeds its (integer) cap. Forbidden pairs are never
candidate edges, so no draw contains one; fixed pairs are kept with probability 1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from reviewhub.assignment.solver import (
    AssignmentProblem,
    AssignmentResult,
    _Clean,
    _prepare,
    _result,
)
from reviewhub.assignment.solver import _capacity_reasons as _plain_capacity_reasons

MAX_DENOMINATOR = 20  # q is taken as t/m with m <= 20 (0.05 steps and thirds, sevenths, ...)


@dataclass(frozen=True, eq=False)
class Fractional:
    """The capped fractional optimum: edge ``e`` of ``clean`` has probability ``y[e] / m``."""

    clean: _Clean
    y: np.ndarray  # int64 per free edge, in [0, t]
    m: int
    t: int
    met: bool  # every paper's demand is met (else the flow is a partial max flow)
    reasons: tuple[str, ...]

    @property
    def q(self) -> float:
        return self.t / self.m

    @property
    def expected_objective(self) -> float:
        """Expected total affinity of a draw: fixed pairs count in full."""
        return float((self.clean.a * self.y).sum()) / self.m + float(self.clean.fixed_a.sum())


def as_fraction(q: float) -> tuple[int, int]:
    """``q`` as ``(t, m)`` with ``t/m`` the closest fraction of denominator <= MAX_DENOMINATOR."""
    if not 0 < q <= 1:
        raise ValueError("q must be in (0, 1]")
    f = Fraction(q).limit_denominator(MAX_DENOMINATOR)
    return f.numerator, f.denominator


def marginals(problem: AssignmentProblem, q: float) -> Fractional:
    """Maximise expected affinity with every free pair's probability at most ``q``."""
    t, m = as_fraction(q)
    c = _prepare(problem)
    reasons = list(c.reasons) + _capacity_reasons(c, t, m)
    y, met = _scaled_flow(c, t, m)
    if not met:
        got = np.bincount(c.p, weights=y, minlength=len(c.demand)) / m
        short = np.flatnonzero(got < c.demand)
        reasons += [f"paper {p}: only {got[p]:g} of {c.demand[p]} reviewers in expectation under "
                    f"the cap (raise q or load caps, or add reviewers)" for p in short[:50]]
        reasons += [f"... and {len(short) - 50} more papers short of reviewers"] if len(short) > 50 else []
    return Fractional(c, y, m, t, met, tuple(reasons))


def _capacity_reasons(c: _Clean, t: int, m: int) -> list[str]:
    """The solver's reasons, with the cap: a paper needs at least d_p * m / t candidates."""
    reasons = _plain_capacity_reasons(c)
    avail = np.bincount(c.p, minlength=len(c.demand))
    need = -(-c.demand * m // t)  # ceil(d_p / q)
    short = np.flatnonzero((avail < need) & (avail >= c.demand))
    for p in short[:50]:
        reasons.append(f"paper {p}: only {avail[p]} allowed candidate reviewers; with at most "
                       f"{t}/{m} probability per pair it needs {need[p]}")
    return reasons


def _scaled_flow(c: _Clean, t: int, m: int) -> tuple[np.ndarray, bool]:
    """Min-cost flow of the problem scaled by ``m`` with edge capacity ``t`` (docstring)."""
    n_p, n_r = len(c.demand), len(c.cap)
    sink = n_p + n_r
    mcf = SimpleMinCostFlow()
    revs = np.flatnonzero(c.cap > 0)
    tails = np.concatenate([c.p, n_p + revs]).astype(np.int32)
    heads = np.concatenate([n_p + c.r, np.full(len(revs), sink)]).astype(np.int32)
    caps = np.concatenate([np.full(len(c.p), t, np.int64), m * c.cap[revs]])
    costs = np.concatenate([c.cost, np.zeros(len(revs), np.int64)])
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    demand = m * c.demand
    supplies = np.concatenate([demand, np.zeros(n_r, np.int64), [-demand.sum()]])
    mcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        status = mcf.solve_max_flow_with_min_cost()
        if status != mcf.OPTIMAL:
            return np.zeros(len(c.p), np.int64), False
    y = mcf.flows(np.arange(len(c.p), dtype=np.int32)).astype(np.int64)
    return y, int(y.sum()) == int(demand.sum())


def dependent_round(frac: Fractional, seed: int) -> np.ndarray:
    """A 0/1 choice per free edge whose probabilities are exactly ``frac.y / frac.m``."""
    rng = np.random.default_rng(seed)
    m, c = frac.m, frac.clean
    n_p = len(c.demand)
    value = frac.y.tolist()
    live = np.flatnonzero((frac.y > 0) & (frac.y < m))
    # Vertices: papers 0..n_p-1, reviewers n_p.. ; adjacency over the fractional edges only.
    ends = {int(e): (int(c.p[e]), n_p + int(c.r[e])) for e in live}
    adj: dict[int, set[int]] = {}
    for e, (u, v) in ends.items():
        adj.setdefault(u, set()).add(e)
        adj.setdefault(v, set()).add(e)
    uniforms = iter(rng.random(len(live) + 1).tolist())  # one per step; a step settles >= 1 edge
    walk = _Walk(adj, ends)
    # Until no fractional edge is left: a walk from a later start can leave fractional edges
    # at vertices an earlier start already passed, so every round begins at one still there.
    while adj:
        start = next(iter(adj))
        walk.begin(start)
        while (edges := walk.next_round()) is not None:
            _shift(edges, value, m, next(uniforms))
            walk.settle([e for e in edges if value[e] in (0, m)])
    return (np.array(value, dtype=np.int64) == m) if value else np.zeros(0, bool)


class _Walk:
    """A walk along fractional edges that yields cycles (and, at the end, a maximal path).

    After a cycle is rounded the walk keeps its prefix up to the cycle's first vertex, whose
    edges are untouched, and goes on from there: each edge is walked over a bounded number of
    times instead of once per restart (a restart costs a birthday-paradox walk, ~sqrt(n))."""

    def __init__(self, adj: dict[int, set[int]], ends: dict[int, tuple[int, int]]):
        self.adj, self.ends = adj, ends

    def begin(self, start: int) -> None:
        self.nodes, self.edges, self.seen, self.turned = [start], [], {start: 0}, False

    def next_round(self) -> list[int] | None:
        """Edges of the next cycle or maximal path in walk order; None when ``start``'s
        component has no fractional edge left along the walk."""
        while True:
            node = self.nodes[-1]
            last = self.edges[-1] if self.edges else None
            nxt = next((e for e in self.adj.get(node, ()) if e != last), None)
            if nxt is None:
                if not self.edges:
                    return None
                if self.turned:  # both ends are dead: a maximal path; start afresh after it
                    path = self.edges
                    self.begin(self.nodes[0])
                    return path
                self.turned = True  # dead end: go on from the other end of the path
                self.nodes.reverse()
                self.edges.reverse()
                self.seen = {x: i for i, x in enumerate(self.nodes)}
                continue
            u, v = self.ends[nxt]
            other = v if u == node else u
            if other in self.seen:  # a cycle: the edges from other's visit on, closed by nxt
                at = self.seen[other]
                cycle = self.edges[at:] + [nxt]
                for x in self.nodes[at + 1:]:
                    del self.seen[x]
                del self.nodes[at + 1:], self.edges[at:]
                return cycle
            self.seen[other] = len(self.nodes)
            self.nodes.append(other)
            self.edges.append(nxt)

    def settle(self, integral: list[int]) -> None:
        """Drop edges that became 0 or 1 from the graph."""
        for e in integral:
            for x in self.ends[e]:
                self.adj[x].discard(e)
                if not self.adj[x]:
                    del self.adj[x]


def _shift(edges: list[int], value: list[int], m: int, u: float) -> None:
    """One rounding step on alternate edges (module docstring), expectation-preserving."""
    odd, even = edges[1::2], edges[0::2]
    alpha = min(min(m - value[e] for e in even), min((value[e] for e in odd), default=m))
    beta = min(min(value[e] for e in even), min((m - value[e] for e in odd), default=m))
    step_up = u < beta / (alpha + beta)
    delta = alpha if step_up else -beta
    for e in even:
        value[e] += delta
    for e in odd:
        value[e] -= delta


def solve_randomized(problem: AssignmentProblem, q: float, *, seed: int) -> AssignmentResult:
    """The capped fractional optimum and one draw from it; ``stats`` say q and the expected
    affinity (``objective`` is the drawn one; ``bound`` the expected, which no draw's
    expectation can beat under the cap)."""
    frac = marginals(problem, q)
    chosen = dependent_round(frac, seed)
    flow = chosen.astype(np.int64)
    reasons = list(frac.reasons)
    res = _result(problem, frac.clean, flow, "randomized", frac.met and not reasons, reasons)
    probability = frac.y / frac.m
    return replace(res, stats={
        "q": frac.q, "q_fraction": f"{frac.t}/{frac.m}", "seed": int(seed),
        "expected_objective": frac.expected_objective,
        "max_pair_probability": float(probability.max()) if len(probability) else 0.0,
        "fractional_pairs": int(((frac.y > 0) & (frac.y < frac.m)).sum())})
