"""Text affinity per method: quality on the held-out-paper evaluation, and speed at scale.

Run from a checkout: `python bench/affinity.py [--researchers 600 --seeds 1,2,3]
[--scale 5000x3500,20000x15000]`.

Quality (reviewhub.assignment.affinity_eval, generated texts, no held-back data): each
researcher's last past paper is hidden among everyone's hidden papers; MRR and recall@10 of
finding it, and issue 19's pairwise loss on graded topic ratings; medians over the seeds, on
the exact path and on the LSA path (what runs above 50M pairs). Speed: compute_affinity on the
synthetic conference data (reviewhub.assignment.synthetic) with each method, seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from reviewhub.assignment.affinity import LEGACY_TEXT, TextModel, compute_affinity  # noqa: E402
from reviewhub.assignment.affinity_eval import evaluate, make_corpus  # noqa: E402
from reviewhub.assignment.synthetic import generate, to_affinity_inputs  # noqa: E402

METHODS = {
    "old (words, concatenated)": LEGACY_TEXT,
    "stems": TextModel(bigrams=False),
    "new: stems+bigrams (default)": TextModel(),
    "stems+bigrams+per-paper mean": TextModel(per_paper=True),
    "stems+per-paper mean": TextModel(bigrams=False, per_paper=True),
}


def quality(researchers: int, seeds: list[int]) -> None:
    corpora = [make_corpus(researchers, seed=s) for s in seeds]
    print(f"held-out-paper retrieval, {researchers} researchers, medians over seeds {seeds}")
    print(f"{'method':32} {'path':6} {'MRR':>6} {'R@10':>6} {'loss':>7}")
    for name, model in METHODS.items():
        for lsa in (False, True):
            runs = [evaluate(c, model, lsa=lsa, seed=s) for c, s in zip(corpora, seeds, strict=True)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{name:32} {'lsa' if lsa else 'exact':6} {med['mrr']:6.3f} {med['recall10']:6.3f} "
                  f"{med['loss']:7.4f}", flush=True)


def speed(sizes: list[str]) -> None:
    print("\ncompute_affinity seconds (synthetic conference, top-200 candidates)")
    for size in sizes:
        n_s, n_r = (int(x) for x in size.split("x"))
        subs, revs, bids = to_affinity_inputs(generate(n_s, n_r, seed=7, conflict_rate=0.0))
        for name in ("old (words, concatenated)", "new: stems+bigrams (default)"):
            started = time.perf_counter()
            res = compute_affinity(subs, revs, bids, text_model=METHODS[name], top_k=200)
            print(f"{size:>12} {name:32} {time.perf_counter() - started:7.2f} s  ({res.text_method})",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, default=600)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--scale", default="5000x3500,20000x15000", help="'' to skip")
    args = parser.parse_args()
    quality(args.researchers, [int(s) for s in args.seeds.split(",")])
    if args.scale:
        speed(args.scale.split(","))


if __name__ == "__main__":
    main()
