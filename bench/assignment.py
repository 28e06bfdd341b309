"""Benchmark of the assignment pipeline (synthetic data -> affinity -> solve -> write) by size.

Run: ``.venv/bin/python bench/assignment.py [--sizes 1000x700,2000x1400,20000x15000]
[--chairs 20000x600] [--postgres URL]`` (SQLite in a temporary folder by default). Methods: exact
max, greedy, randomised (q = 0.5, Jecmen et al.) and, up to 5,000 submissions, fair.

``--chairs SxA`` also times the committee's area-chair assignment (one AC per submission, the
same solver through the app's run service: load, affinity, solve, then apply) for S submissions
and A area chairs; ``--sizes ''`` skips the reviewer sizes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewhub.assignment.affinity import compute_affinity  # noqa: E402
from reviewhub.assignment.solver import AssignmentResult, greedy, solve  # noqa: E402
from reviewhub.assignment.synthetic import generate  # noqa: E402

REVIEWERS_PER_PAPER, LOAD_CAP, CONFLICT_RATE, FAIR_MAX_PAPERS = 3, 5, 0.01, 5000
RANDOM_Q = 0.5  # randomised mode: no pair more likely than this


@contextmanager
def app_database(postgres: str | None = None):
    """A fresh app, schema by the migrations: a SQLite file in a temporary instance folder, or a
    scratch database on the PostgreSQL server at ``postgres`` (dropped afterwards)."""
    from flask_migrate import upgrade

    from reviewhub import create_app
    from reviewhub.extensions import db

    with tempfile.TemporaryDirectory() as tmp, _scratch_postgres(postgres) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp}/bench.sqlite",
                          "SECRET_KEY": "bench", "MAIL_DELIVER_INLINE": False, "REDIS_URL": None})
        with app.app_context():
            upgrade()
            yield db
            db.session.remove()
            db.engine.dispose()


@contextmanager
def _scratch_postgres(server: str | None):
    if server is None:
        yield None
        return
    server = "postgresql+psycopg://" + server.split("://", 1)[1]
    name = f"reviewhub_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def fill_event(db, data, slug: str):
    """The `reviewhub synth` loader: texts, reviewers, bids, conflicts as app rows."""
    from reviewhub.assignment.synthload import fill
    from reviewhub.events import services as events

    event = events.create_event(by=None, slug=slug, name=slug, reviews_per_submission=REVIEWERS_PER_PAPER,
                                default_reviewer_load=LOAD_CAP)
    fill(event, data)
    db.session.commit()
    return event


def write_rows(db, event, pairs: list[tuple[int, int]], scores) -> None:
    """The "write" stage: the app's service inserts the Assignment rows, then the commit."""
    from reviewhub.assignment.services.runs import write_pairs

    wanted = dict(zip(pairs, scores, strict=True))
    write_pairs(event, wanted, blocked=set(), kept=set())
    db.session.commit()


def clear_rows(db) -> None:
    from reviewhub.assignment.models import Assignment

    db.session.execute(sa.delete(Assignment))
    db.session.commit()


def timed(fn: Callable, *args, **kw) -> tuple[object, float]:
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(n_s: int, n_r: int, seed: int, postgres: str | None = None) -> list[dict]:
    """All stages for one size in the app: texts are read from a database filled by the synth
    loader, and the assignment is written back as rows; one result row per method."""
    from reviewhub.assignment import inputs
    from reviewhub.assignment.services.runs import _problem, _weights

    data, t_gen = timed(generate, n_s, n_r, seed=seed, conflict_rate=CONFLICT_RATE)
    with app_database(postgres) as db:
        event, t_fill = timed(fill_event, db, data, f"bench-{n_s}x{n_r}")
        inp, t_load = timed(inputs.load_inputs, event)
        aff, t_aff = timed(compute_affinity, inp.submissions, inp.reviewers, inp.bids,
                           forbidden=inp.forbidden, weights=_weights({}), top_k=200, seed=seed)
        # candidate selection is fused into compute_affinity's chunks; building the problem is cheap
        pb, t_sel = timed(_problem, inp, aff)
        common = dict(size=f"{n_s}x{n_r}", gen=t_gen, fill=t_fill, load=t_load, affinity=t_aff,
                      select=t_sel, edges=len(aff.score), text=aff.text_method)
        rows = []
        methods = [("max", lambda: solve(pb)), ("greedy", lambda: greedy(pb)),
                   ("random", lambda: solve(pb, "randomized", q=RANDOM_Q, seed=seed))]
        if n_s <= FAIR_MAX_PAPERS:
            methods.append(("fair", lambda: solve(pb, "fair")))
        bound = None
        for name, fn in methods:
            res, t_solve = timed(fn)
            bound = res.bound if name == "max" else bound
            pairs = list(zip(aff.submission_ids[res.paper_idx].tolist(),
                             aff.reviewer_ids[res.reviewer_idx].tolist(), strict=True))
            clear_rows(db)
            _, t_write = timed(write_rows, db, event, pairs, res.affinity.tolist())
            rows.append(_row(common, name, res, t_solve, t_write, bound))
    return rows


def _row(common: dict, name: str, res: AssignmentResult, t_solve: float, t_write: float,
         bound: float | None) -> dict:
    total = common["load"] + common["affinity"] + common["select"] + t_solve + t_write
    expected = res.stats.get("expected_objective", res.objective)
    return dict(common, method=name, solve=t_solve, write=t_write, total=total,
                rss=peak_rss_mb(), objective=res.objective, expected=expected,
                min_bound=res.fair_bound if res.fair_bound is not None else float("nan"),
                rounds=res.stats.get("fair_rounds", "-"),
                ratio=res.objective / bound if bound else float("nan"),
                min_score=res.min_paper_score, feasible=res.feasible,
                certified=res.optimal, short=int((res.shortfall > 0).sum()))


COLUMNS = [("size", "{:>11}"), ("method", "{:>6}"), ("text", "{:>6}"), ("edges", "{:>8}"),
           ("gen", "{:6.2f}"), ("fill", "{:6.2f}"), ("load", "{:6.2f}"), ("affinity", "{:8.2f}"), ("select", "{:6.2f}"),
           ("solve", "{:6.2f}"), ("write", "{:6.2f}"), ("total", "{:6.2f}"), ("rss", "{:7.0f}"),
           ("objective", "{:10.2f}"), ("expected", "{:10.2f}"), ("ratio", "{:8.6f}"),
           ("min_score", "{:9.4f}"), ("min_bound", "{:9.4f}"), ("rounds", "{!s:>6}"),
           ("feasible", "{!s:>8}"), ("certified", "{!s:>9}"), ("short", "{:>5}")]


def print_table(rows: list[dict]) -> None:
    """Times in seconds (total = load + affinity + select + solve + write: from texts in the
    database to assignment rows; gen and fill excluded), rss in MB."""
    widths = [len(fmt.format(rows[0][k])) if rows else len(k) for k, fmt in COLUMNS]
    print(" ".join(k.rjust(max(w, len(k))) for (k, _), w in zip(COLUMNS, widths, strict=True)))
    for row in rows:
        print(" ".join(fmt.format(row[k]).rjust(max(w, len(k)))
                       for (k, fmt), w in zip(COLUMNS, widths, strict=True)))


AC_LOAD_SLACK = 1.2  # AC load caps leave 20% room over an even share


def run_chairs(n_s: int, n_ac: int, seed: int, postgres: str | None = None) -> dict:
    """The area-chair run at one size, through runs.start_run/compute/apply_run (role area_chair)."""
    import math

    from reviewhub.assignment.services import runs
    from reviewhub.committee.models import CommitteeSettings
    from reviewhub.committee.services import chairs
    from reviewhub.events.models import Membership

    data, t_gen = timed(generate, n_s, n_ac, seed=seed, conflict_rate=CONFLICT_RATE)
    with app_database(postgres) as db:
        event, t_fill = timed(fill_event, db, data, f"bench-chairs-{n_s}x{n_ac}")
        # The synthetic people join as reviewers; here they are the event's area chairs.
        db.session.execute(sa.update(Membership).where(Membership.event_id == event.id,
                                                       Membership.role == "reviewer").values(role="area_chair"))
        load = math.ceil(n_s / n_ac * AC_LOAD_SLACK)
        db.session.add(CommitteeSettings(event_id=event.id, area_chairs=True, area_chair_load=load))
        db.session.commit()
        run = runs.start_run(event, by=None, params=chairs.default_run_params(event), role="area_chair")
        _, t_compute = timed(runs.compute, run)
        db.session.commit()
        counts, t_apply = timed(runs.apply_run, run, by=None, notify=False)
        db.session.commit()
        summary = run.summary
    return dict(size=f"{n_s}x{n_ac}", gen=t_gen, fill=t_fill, compute=t_compute, apply=t_apply,
                total=t_compute + t_apply, load_cap=load, edges=summary["n_candidates"],
                feasible=summary["feasible"], certified=summary["optimal"], assigned=counts["added"],
                short=len(summary["shortfall"]), rss=peak_rss_mb())


def print_chairs(row: dict) -> None:
    print(f"AC assignment {row['size']} (submissions x area chairs, cap {row['load_cap']} each): "
          f"compute {row['compute']:.2f} s (load, affinity, solve), apply {row['apply']:.2f} s, "
          f"total {row['total']:.2f} s; {row['edges']} candidate edges, {row['assigned']} chairs assigned, "
          f"feasible={row['feasible']} certified={row['certified']} short={row['short']}, "
          f"peak rss {row['rss']:.0f} MB (gen {row['gen']:.1f} s, fill {row['fill']:.1f} s excluded)", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000x700,2000x1400,20000x15000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--chairs", default="", help="area-chair sizes, e.g. 20000x600")
    ap.add_argument("--postgres", metavar="URL", help="run on a scratch database on this PostgreSQL "
                    "server (e.g. postgresql://postgres@127.0.0.1:5432/postgres) instead of SQLite")
    args = ap.parse_args(argv)
    for size in filter(None, args.chairs.split(",")):
        n_s, n_ac = (int(x) for x in size.lower().split("x"))
        print_chairs(run_chairs(n_s, n_ac, args.seed, args.postgres))
    rows = []
    for size in filter(None, args.sizes.split(",")):
        n_s, n_r = (int(x) for x in size.lower().split("x"))
        rows += run_size(n_s, n_r, args.seed, args.postgres)
        print_table(rows[-4:] if n_s <= FAIR_MAX_PAPERS else rows[-3:])
        print(flush=True)
    if rows:
        print("All sizes (ratio = objective / LP bound of the max solution; expected = the random\n"
              f"mode's expected total under q={RANDOM_Q} (others: their objective); min_bound = fair\n"
              "mode's bound on min_score; rounds = its re-weighted flows; rss = peak so far):")
        print_table(rows)
    if rows:
        _ = np  # numpy stays imported for result arrays


if __name__ == "__main__":
    main()
