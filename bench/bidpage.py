"""The bid page's affinity order at conference size, per reviewer view.

Run from a checkout: `python bench/bidpage.py [--submissions 20000 --reviewers 15]`.
Compares, on a synthetic event (reviewhub.assignment.synthetic), the two ways of ordering one
reviewer's list by affinity:
- refit: TF-IDF fitted over every work and the reviewer at each view (`compute_affinity` with
  one reviewer; what the bid page did, once per reviewer and process, before SubmissionSpace);
- space: the works fitted once (`SubmissionSpace`, kept per process until they change), then
  one sparse product per view.
Prints median times per reviewer and their ratio, the one-off fit, and how alike the two
orders are (the share of each reviewer's top 20 that both put there).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import numpy as np  # noqa: E402

from reviewhub.assignment.affinity import SubmissionSpace, compute_affinity  # noqa: E402
from reviewhub.assignment.synthetic import generate, to_affinity_inputs  # noqa: E402

TOP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--reviewers", type=int, default=15)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    works, reviewers, _bids = to_affinity_inputs(generate(args.submissions, args.reviewers, seed=args.seed))
    print(f"{len(works)} works, {len(reviewers)} reviewers")

    refit_times, refit_orders = [], []
    for reviewer in reviewers:
        started = time.perf_counter()
        result = compute_affinity(works, [reviewer], top_k=1)
        refit_times.append(time.perf_counter() - started)
        scores = np.zeros(len(works))
        scores[result.paper_idx] = result.score
        refit_orders.append(np.argsort(-scores, kind="stable")[:TOP])

    started = time.perf_counter()
    space = SubmissionSpace(works)
    fit = time.perf_counter() - started
    space_times, overlaps = [], []
    for reviewer, before in zip(reviewers, refit_orders, strict=True):
        started = time.perf_counter()
        scores = space.scores(reviewer)
        space_times.append(time.perf_counter() - started)
        overlaps.append(len(set(np.argsort(-scores, kind="stable")[:TOP]) & set(before)) / TOP)

    refit, scored = statistics.median(refit_times), statistics.median(space_times)
    print(f"refit per view:  median {1000 * refit:8.1f} ms")
    print(f"space per view:  median {1000 * scored:8.1f} ms  (fit once per process: {1000 * fit:.0f} ms)")
    print(f"ratio refit/space per view: {refit / scored:.0f}x")
    print(f"top {TOP} in common: median {statistics.median(overlaps):.0%}, lowest {min(overlaps):.0%}")


if __name__ == "__main__":
    main()
