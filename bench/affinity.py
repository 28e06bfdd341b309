"""Text affinity per method: quality on the held-out-paper evaluation, and speed at scale.

Run from a checkout: `python bench/affinity.py [--researchers 600 --seeds 1,2,3]
[--scale 5000x3500,20000x15000] [--embed-researchers 200] [--embed-texts 1000]
[--stored 20000x15000]`. The embedding figures need `pip install reviewhub[embeddings]`.

Quality (reviewhub.assignment.affinity_eval, generated texts, no held-back data): each
researcher's last past paper is hidden among everyone's hidden papers; MRR and recall@10 of
finding it, and issue 19's pairwise loss on graded topic ratings; medians over the seeds, on
the exact path and on the LSA path (what runs above 50M pairs). Speed: compute_affinity on the
synthetic conference data (reviewhub.assignment.synthetic) with each method, seconds.

Embeddings (with the extra): the same retrieval figures for the sentence model alone and its
z-scored mix with TF-IDF at several shares (on ``--embed-researchers``, the model being slow
to run over the whole corpus); texts embedded per second (``--embed-texts`` synthetic title +
abstract texts); and ``--stored``: the app's whole run (load from a SQLite database, embedding
sync, affinity with the 50% mix, exact solve) with a vector stored for every text beforehand.
Those vectors are made up (one direction per topic plus noise, stored as the app stores
them): embedding 20,000 works and every past paper would take an hour here, and the run's time
does not depend on what the vectors say. The sync must find every text stored: it prints the
count it embedded (0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from reviewhub.assignment.affinity import LEGACY_TEXT, TextModel, compute_affinity  # noqa: E402
from reviewhub.assignment.affinity_eval import corpus_embeddings, evaluate, make_corpus  # noqa: E402
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


SHARES = {"embedding alone": 1.0, "mix 25% embedding": 0.25, "mix 50% embedding (default)": 0.5,
          "mix 75% embedding": 0.75}


def embedding_quality(researchers: int, seeds: list[int]) -> None:
    from reviewhub.assignment import embedding

    corpora = [make_corpus(researchers, seed=s) for s in seeds]
    started, before = time.perf_counter(), embedding.EMBEDDED
    vectors = [corpus_embeddings(c, embedding.embed) for c in corpora]
    print(f"\nembedding {embedding.MODEL_NAME}: {researchers} researchers, seeds {seeds} "
          f"({embedding.EMBEDDED - before} texts embedded in {time.perf_counter() - started:.0f} s)")
    print(f"{'method':32} {'path':6} {'MRR':>6} {'R@10':>6} {'loss':>7}")
    for name, share in {"TF-IDF alone (default text)": 0.0, **SHARES}.items():
        for lsa in (False, True):
            runs = [evaluate(c, TextModel(), lsa=lsa, seed=s, embeddings=v, alpha=share)
                    for c, s, v in zip(corpora, seeds, vectors, strict=True)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{name:32} {'lsa' if lsa else 'exact':6} {med['mrr']:6.3f} {med['recall10']:6.3f} "
                  f"{med['loss']:7.4f}", flush=True)


def embedding_speed(n_texts: int, repeats: int) -> None:
    """Title + abstract texts per second, median of ``repeats`` passes (the model loaded)."""
    from reviewhub.assignment import embedding

    data = generate(n_texts, 1, seed=11, conflict_rate=0.0)
    texts = [f"{s.title}. {s.abstract}" for s in data.submissions]
    embedding.embed(texts[:2])  # load the model outside the timing
    times, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        embedding.embed(texts)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    t, c = statistics.median(times), statistics.median(cpu)
    # CPU seconds too: on a shared machine the wall time says more about the neighbours.
    print(f"\nembedding speed: {n_texts} title+abstract texts in {t:.1f} s wall, {c:.1f} s CPU "
          f"(medians of {repeats}; {n_texts / t:.1f} texts/s, {os.cpu_count()} cores)", flush=True)


def stored_run(size: str, seed: int = 7) -> None:
    """The app's run end to end with every text's vector stored beforehand (see docstring)."""
    import numpy as np

    from bench.assignment import app_database, fill_event
    from reviewhub.assignment import embedding, vectors
    from reviewhub.assignment.bulk import insert_rows
    from reviewhub.assignment.models import AssignmentRun
    from reviewhub.assignment.services import runs

    n_s, n_r = (int(x) for x in size.split("x"))
    data = generate(n_s, n_r, seed=seed, conflict_rate=0.01)
    with app_database() as db:
        event = fill_event(db, data, f"stored-{size}")
        texts = vectors.event_texts(event)
        rng = np.random.default_rng(seed)
        directions = rng.normal(size=(32, embedding.DIMENSION))
        made = directions[rng.integers(32, size=len(texts))] + rng.normal(size=(len(texts), embedding.DIMENSION))
        made /= np.linalg.norm(made, axis=1, keepdims=True)
        hashes = sorted({embedding.text_hash(t) for t in texts})
        blobs = embedding.to_bytes(made[:len(hashes)])
        insert_rows("text_vectors", ("model", "text_sha256", "dim", "vector", "created_at"),
                    ((embedding.MODEL_NAME, h, embedding.DIMENSION, b, "2026-12-07 00:00:00")
                     for h, b in zip(hashes, blobs, strict=True)))
        db.session.commit()
        print(f"\nstored run {size}: {len(hashes)} stored vectors", flush=True)
        for attempt in range(3):
            before = embedding.EMBEDDED
            run = AssignmentRun(event_id=event.id, status="running", role="reviewer",
                                params={"weights": {"embedding": 0.5}})
            db.session.add(run)
            db.session.flush()
            started = time.perf_counter()
            stages, last = {}, [started, "start"]

            def mark(done, total, msg, stages=stages, last=last):
                now = time.perf_counter()  # the time since the last report is its stage's
                stages[last[1]] = stages.get(last[1], 0.0) + now - last[0]
                last[0], last[1] = now, msg

            runs.compute(run, progress=mark)
            total = time.perf_counter() - started
            db.session.rollback()
            print(f"  run {attempt + 1}: {total:.1f} s end to end ({run.summary['text_method']}; "
                  f"embedded {embedding.EMBEDDED - before}); stage seconds: "
                  + ", ".join(f"{k.lower()} {v:.1f}" for k, v in stages.items() if k != "start"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, default=600, help="0 to skip")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--scale", default="5000x3500,20000x15000", help="'' to skip")
    parser.add_argument("--embed-researchers", type=int, default=200, help="0 to skip")
    parser.add_argument("--embed-seeds", default="1")
    parser.add_argument("--embed-texts", type=int, default=1000, help="0 to skip")
    parser.add_argument("--repeats", type=int, default=3, help="passes of the embedding speed")
    parser.add_argument("--stored", default="20000x15000", help="'' to skip")
    args = parser.parse_args()
    if args.researchers:
        quality(args.researchers, [int(s) for s in args.seeds.split(",")])
    if args.scale:
        speed(args.scale.split(","))
    from reviewhub.assignment import embedding

    if not embedding.available():
        print(f"\nembedding figures skipped: the extra is not installed ({embedding.INSTALL_HINT})")
        return
    if args.embed_researchers:
        embedding_quality(args.embed_researchers, [int(s) for s in args.embed_seeds.split(",")])
    if args.embed_texts:
        embedding_speed(args.embed_texts, args.repeats)
    if args.stored:
        stored_run(args.stored)


if __name__ == "__main__":
    main()
