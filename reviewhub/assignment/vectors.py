"""Stored embedding vectors of an event's texts (issue 19): computed once per text by a
background job when a submission's text or a profile changes, read by the bid page and by
every assignment run.

A vector is keyed by (model, sha256 of the text) in ``text_vectors``: a text that did not
change has the same key and is never embedded again; an edited text gets a new key. The texts
are a submission's title, abstract and keywords (the model reads 256 tokens: the files' text
would be cut off anyway) and each unit of a reviewer's profile (the statement with its
keywords, each past paper). Vectors of texts no longer used stay (a few hundred bytes each;
an edit back finds its old vector).
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from flask import current_app

from reviewhub import jobs
from reviewhub.assignment import embedding
from reviewhub.assignment.affinity import ReviewerDoc
from reviewhub.assignment.inputs import reviewer_docs, reviewer_ids_and_caps
from reviewhub.assignment.models import TextVector
from reviewhub.assignment.semantic import EmbeddingInput
from reviewhub.events.models import Event, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission

SYNC_JOB = "reviewhub.assignment.vectors:sync_job"
DEFAULT_SHARE = 0.5  # the embedding's share of the text similarity when the extra is installed
CHUNK = 500  # hashes per IN (...) query


def enabled() -> bool:
    """The extra is installed and the deployment did not turn it off (EMBEDDINGS_ENABLED)."""
    return bool(current_app.config.get("EMBEDDINGS_ENABLED", True)) and embedding.available()


def submission_text(title: str, abstract: str | None, keywords: str | None) -> str:
    return " ".join(x for x in (title, abstract or "", keywords or "") if x).strip()


def reviewer_texts(doc: ReviewerDoc) -> list[str]:
    """The units of a reviewer that get a vector each (the whole text when it has none)."""
    units = [u for u in doc.units() if u.strip()]
    return units or ([doc.text.strip()] if doc.text.strip() else [])


def submission_texts(event: Event, ids: list[int] | None = None) -> dict[int, str]:
    """Embedding text of each submitted work of the event (or of ``ids``)."""
    if ids is not None and not ids:
        return {}
    query = sa.select(Submission.id, Submission.title, Submission.abstract_md, Submission.keywords)
    query = query.where(Submission.event_id == event.id, Submission.status == "submitted")
    return {sid: submission_text(t, a, k) for sid, t, a, k in db.session.execute(query).all()
            if ids is None or sid in ids}


def stored(hashes) -> dict[str, np.ndarray]:
    """The stored vectors of these text hashes (for the current model), as float32 rows."""
    hashes = sorted(set(hashes))
    out: dict[str, np.ndarray] = {}
    for lo in range(0, len(hashes), CHUNK):
        rows = db.session.execute(sa.select(TextVector.text_sha256, TextVector.vector).where(
            TextVector.model == embedding.MODEL_NAME,
            TextVector.text_sha256.in_(hashes[lo:lo + CHUNK]))).all()
        if rows:
            out.update(zip([h for h, _ in rows], embedding.from_bytes([v for _, v in rows]), strict=True))
    return out


def _known(hashes: list[str]) -> set[str]:
    known: set[str] = set()
    for lo in range(0, len(hashes), CHUNK):
        known.update(db.session.scalars(sa.select(TextVector.text_sha256).where(
            TextVector.model == embedding.MODEL_NAME, TextVector.text_sha256.in_(hashes[lo:lo + CHUNK]))))
    return known


def store_missing(texts, *, progress=None) -> int:
    """Embed the texts that have no stored vector yet and store them. Flushes; returns how
    many were embedded. A vector another worker stored meanwhile wins (the same text gives
    the same vector): the insert skips existing keys."""
    by_hash = {embedding.text_hash(t): t for t in texts if t.strip()}
    missing = sorted(set(by_hash) - _known(list(by_hash)))
    if not missing:
        return 0
    vectors = embedding.to_bytes(embedding.embed([by_hash[h] for h in missing], progress=progress))
    rows = [{"model": embedding.MODEL_NAME, "text_sha256": h, "dim": embedding.DIMENSION, "vector": v}
            for h, v in zip(missing, vectors, strict=True)]
    dialect = db.session.connection().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for lo in range(0, len(rows), 1000):
        db.session.execute(insert(TextVector).on_conflict_do_nothing(
            index_elements=["model", "text_sha256"]), rows[lo:lo + 1000])
    db.session.flush()
    return len(missing)


def event_texts(event: Event, role: str = Role.reviewer) -> list[str]:
    reviewers = reviewer_docs(event, sorted(reviewer_ids_and_caps(event, role)), role)
    return [*submission_texts(event).values(), *(t for d in reviewers for t in reviewer_texts(d))]


def sync_event(event: Event, *, role: str = Role.reviewer, progress=None) -> dict:
    """Embed what the event's works and reviewers (or ``role``) lack. Flushes."""
    texts = event_texts(event, role)
    embedded = store_missing(texts, progress=progress)
    return {"texts": len(texts), "embedded": embedded}


def sync_job(job, event_id: int) -> dict:
    """The background job: ``sync_event`` with progress on the job page."""
    event = db.session.get(Event, event_id)
    result = sync_event(event, progress=lambda done, total: jobs.report_progress(
        job, done, total, "Embedding texts"))
    db.session.commit()
    return result


def queue_sync(event: Event, *, by=None) -> jobs.Job | None:
    """A job that embeds the event's new texts, unless the extra is not installed or one is
    already queued (it will see this change too). Flushes; call ``jobs.start`` after the commit."""
    if not enabled():
        return None
    waiting = db.session.scalar(sa.select(jobs.Job.id).where(
        jobs.Job.function == SYNC_JOB, jobs.Job.event_id == event.id, jobs.Job.status == "queued"))
    if waiting is not None:
        return None
    return jobs.create(SYNC_JOB, title="Embed new texts for affinity", event=event, by=by,
                       event_id=event.id)


def start_sync(event: Event, *, by=None) -> None:
    """After a commit that changed texts: queue (or, without Redis, run) the sync job."""
    job = queue_sync(event, by=by)
    if job is not None:
        db.session.commit()
        jobs.start(job)


def embedding_input(event: Event, submission_ids: list[int], reviewers: list[ReviewerDoc]) -> EmbeddingInput:
    """The stored vectors of these works and reviewers, aligned with them (a text without a
    stored vector is marked missing: the mix then counts it as average)."""
    texts = submission_texts(event, set(submission_ids))
    units = [(i, t) for i, d in enumerate(reviewers) for t in reviewer_texts(d)]
    sub_hash = [embedding.text_hash(texts.get(s, "")) for s in submission_ids]
    unit_hash = [embedding.text_hash(t) for _, t in units]
    found = stored(sub_hash + unit_hash)
    zero = np.zeros(embedding.DIMENSION, np.float32)
    papers = np.array([found.get(h, zero) for h in sub_hash], np.float32).reshape(-1, embedding.DIMENSION)
    has = np.array([h in found for h in sub_hash], dtype=bool)
    kept = [k for k, h in enumerate(unit_hash) if h in found]
    unit_vectors = np.array([found[unit_hash[k]] for k in kept], np.float32).reshape(-1, embedding.DIMENSION)
    owner = np.array([units[k][0] for k in kept], dtype=np.int64)
    return EmbeddingInput(papers, has, unit_vectors, owner)


def version() -> int:
    """Grows whenever a vector is stored: the bid page's cached space then reloads them."""
    return db.session.scalar(sa.select(sa.func.max(TextVector.id))) or 0
