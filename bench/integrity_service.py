"""Benchmark the stored integrity check end to end (load texts, compare, store flags) on a
temporary SQLite database (or DATABASE_URL) filled with bench/integrity.py's synthetic corpus."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import sqlalchemy as sa  # noqa: E402

from bench.integrity import make_corpus  # noqa: E402


def fill(db, event_id: int, type_id: int, texts: list[str]) -> list[int]:
    """Submissions with one PDF each whose extracted text is the corpus text; returns their ids."""
    from reviewhub.models_base import utcnow
    from reviewhub.submissions.models import Submission, SubmissionFile

    now = utcnow()
    db.session.execute(sa.insert(Submission), [
        dict(event_id=event_id, number=i + 1, type_id=type_id, title=f"Synthetic {i + 1}", abstract_md="",
             status="submitted", submitted_at=now, ai_use="none") for i in range(len(texts))])
    ids = list(db.session.scalars(sa.select(Submission.id).where(Submission.event_id == event_id)
                                  .order_by(Submission.number)))
    db.session.execute(sa.insert(SubmissionFile), [
        dict(submission_id=sid, purpose="main", kind="pdf", original_name="p.pdf", content_type="application/pdf",
             size=len(t), sha256="0" * 64, storage_key=f"bench-{sid}", extracted_text=t)
        for sid, t in zip(ids, texts, strict=True)])
    db.session.commit()
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2_000)
    ap.add_argument("--per-kind", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()

    from flask_migrate import upgrade

    from reviewhub import create_app
    from reviewhub.extensions import db
    from reviewhub.integrity.models import SimilarityFlag
    from reviewhub.integrity.services import run_integrity_check
    from tests import factories as f

    tmp = tempfile.mkdtemp(prefix="integrity-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "UPLOAD_FOLDER": tmp, "REDIS_URL": None})
    with app.app_context():
        upgrade()
        t0 = time.perf_counter()
        corpus = make_corpus(args.n, args.per_kind, args.seed)
        event = f.make_event()
        ids = fill(db, event.id, f.get_type(event).id, corpus.texts)
        print(f"{args.n} submissions written in {time.perf_counter() - t0:.1f} s "
              f"({sum(map(len, corpus.texts)) / 1e6:.0f} MB of text)")
        t0 = time.perf_counter()
        summary = run_integrity_check(event)
        db.session.commit()
        took = time.perf_counter() - t0
        found = {tuple(r) for r in db.session.execute(sa.select(SimilarityFlag.submission_a_id, SimilarityFlag.submission_b_id))}
        planted = {tuple(sorted((ids[s], ids[c]))): kind for s, c, kind in corpus.planted}
        hits = sum(1 for pair in planted if pair in found)
        print(f"check (load, compare, passages, store): {took:.1f} s; {summary['flags']} flags stored; "
              f"planted pairs found {hits}/{len(planted)}")


if __name__ == "__main__":
    main()
