"""The integrity check (text reuse and near-identical images) and organizers' marks on its flags."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from reviewhub import audit, jobs, storage
from reviewhub.errors import DomainError
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.integrity import core, imagehash
from reviewhub.integrity.models import SimilarityFlag
from reviewhub.integrity.queries import JOB_FUNCTION, Corpus, load_corpus
from reviewhub.integrity.texts import MAX_PASSAGES, shared_authors, text_digest

MARKS = ("fine", "investigate")
NOTE_MAX = 2000
Found = dict[tuple[int, int, str], tuple[float, dict]]  # (a, b, kind) -> (similarity, details)


class _Progress:
    """Adds up text and image progress; tells the caller every time and the job page at most
    twice a second (on a server database each report is a write)."""

    def __init__(self, job, callback: Callable[[int, int], None] | None, images: int):
        self.job, self.callback, self.images = job, callback, images
        self.text_done = self.text_total = self.image_done = 0
        self._last = 0.0

    def texts(self, done: int, total: int) -> None:
        self.text_done, self.text_total = done, total
        self._report("Comparing texts")

    def image(self) -> None:
        self.image_done += 1
        self._report("Comparing images")

    def _report(self, message: str) -> None:
        done, total = self.text_done + self.image_done, self.text_total + self.images
        if self.callback:
            self.callback(done, total)
        now = time.monotonic()
        if self.job is not None and (now - self._last > 0.5 or done >= total):
            self._last = now
            jobs.report_progress(self.job, done, total, message)


def run_integrity_check(event: Event, *, job=None, progress=None, by=None,
                        threshold: float = core.DEFAULT_THRESHOLD) -> dict:
    """Compare this event's non-draft submissions with each other and with the accepted works of
    earlier events; store the flagged pairs. Flushes; writes an audit row; sends nothing (the
    authors of a flagged submission are never told). Returns a summary."""
    started = time.monotonic()
    corpus = load_corpus(event)
    tracker = _Progress(job, progress, len(corpus.images))
    found: Found = {}
    found.update(_text_pairs(corpus, threshold, tracker))
    images_found, unreadable = _image_pairs(corpus, tracker)
    found.update(images_found)
    summary = _store(event, found)
    summary.update(submissions=len(corpus.current), archive=len(corpus.archive),
                   images=len(corpus.images), unreadable_images=unreadable,
                   seconds=round(time.monotonic() - started, 2))
    audit.record("integrity.checked", event=event, actor=by, **summary)
    db.session.flush()
    return summary


def _text_pairs(corpus: Corpus, threshold: float, tracker: _Progress) -> Found:
    docs = [core.Document(i, t) for i, t in corpus.current.items()]
    archive = [core.Document(i, t) for i, t in corpus.archive.items()]
    texts = {**corpus.current, **corpus.archive}
    found: Found = {}
    for pair in core.find_similar_pairs(docs, archive=archive, threshold=threshold, progress=tracker.texts):
        a, b = texts[pair.a_id], texts[pair.b_id]
        passages = core.shared_passages(a, b)[:MAX_PASSAGES]
        found[(pair.a_id, pair.b_id, "text")] = (round(pair.similarity, 4), {
            "containment": round(pair.containment, 4),
            "jaccard": round(pair.similarity, 4),
            "passages": [[p.a_start, p.a_end, p.b_start, p.b_end] for p in passages],
            "digests": [text_digest(a), text_digest(b)],
            **_common(corpus, pair.a_id, pair.b_id, pair.archived),
        })
    return found


def _common(corpus: Corpus, a: int, b: int, archived: bool) -> dict:
    shared = shared_authors(corpus.people.get(a, []), corpus.people.get(b, []))
    return {"shared_authors": shared, "archived": archived, "current": True}


def _image_pairs(corpus: Corpus, tracker: _Progress) -> tuple[Found, int]:
    """Near-identical images between two different submissions (not two archive works)."""
    owner, hashed, unreadable = {}, [], 0
    for file_id, sid, key in corpus.images:
        try:
            hashed.append((file_id, imagehash.image_hashes(storage.read_bytes(key))))
            owner[file_id] = sid
        except Exception:  # noqa: BLE001  a missing or undecodable file must not stop the check
            unreadable += 1
        tracker.image()
    best: dict[tuple[int, int], list] = {}
    for p in imagehash.pairs_from_hashes(hashed):
        a, b, fa, fb = owner[p.a_id], owner[p.b_id], p.a_id, p.b_id
        if a == b or (a in corpus.archive and b in corpus.archive):
            continue
        if a in corpus.archive or (b not in corpus.archive and b < a):
            a, b, fa, fb = b, a, fb, fa
        best.setdefault((a, b), []).append([fa, fb, p.dhash_distance, p.phash_distance])
    found: Found = {}
    for (a, b), files in best.items():
        files.sort(key=lambda f: (f[2] + f[3], f[0], f[1]))
        dd, pd = files[0][2], files[0][3]
        found[(a, b, "image")] = (round(1 - (dd + pd) / 128, 4), {
            "dhash_distance": dd, "phash_distance": pd, "files": files[:50],
            **_common(corpus, a, b, b in corpus.archive),
        })
    return found, unreadable


def _store(event: Event, found: Found) -> dict:
    """Replace the previous run's unreviewed flags; keep marks and notes of pairs still flagged,
    and keep marked pairs no longer flagged (with current = False) so no note is lost."""
    existing = {
        (f.submission_a_id, f.submission_b_id, f.kind): f
        for f in db.session.scalars(sa.select(SimilarityFlag).where(SimilarityFlag.event_id == event.id))
    }
    added = removed = 0
    for key, flag in existing.items():
        if key in found:
            flag.similarity, flag.details = found[key]
        elif flag.status == "new":
            db.session.delete(flag)
            removed += 1
        else:
            flag.details = {**flag.details, "current": False}
    for key in found.keys() - existing.keys():
        a, b, kind = key
        similarity, details = found[key]
        db.session.add(SimilarityFlag(event_id=event.id, submission_a_id=a, submission_b_id=b, kind=kind,
                                      similarity=similarity, details=details, status="new", note=""))
        added += 1
    db.session.flush()
    kinds = [k for _, _, k in found]
    return {"flags": len(found), "text_flags": kinds.count("text"), "image_flags": kinds.count("image"),
            "added": added, "removed": removed}


def integrity_job(job, *, event_id: int) -> dict:
    """Background job body (reviewhub.jobs): run the check, point the job page at the result."""
    from reviewhub.accounts.models import User

    event = db.session.get(Event, event_id)
    by = db.session.get(User, job.created_by_id) if job.created_by_id else None
    summary = run_integrity_check(event, job=job, by=by)
    return {**summary, "next_url": _overview_path(event)}


def _overview_path(event: Event) -> str:
    if has_request_context():
        return url_for("integrity.overview", slug=event.slug)
    with current_app.test_request_context():  # a worker has no request; the path is the same
        return url_for("integrity.overview", slug=event.slug)


def start_check(event: Event, *, by) -> tuple[jobs.Job, bool]:
    """(job, created): a queued or running check of this event, else a new job (the caller
    commits, then calls jobs.start on a created one). Flushes."""
    running = db.session.scalars(
        sa.select(jobs.Job).where(jobs.Job.event_id == event.id, jobs.Job.function == JOB_FUNCTION,
                                  jobs.Job.status.in_(("queued", "running")))
    ).all()
    for job in running:
        if not job.is_stale:
            return job, False
    return jobs.create(JOB_FUNCTION, title="Integrity check", event=event, by=by, event_id=event.id), True


def mark_flag(flag: SimilarityFlag, *, status: str, note: str, by) -> None:
    """An organizer's verdict on a pair: fine or investigate, with a note. Flushes; audited."""
    if status not in MARKS:
        raise DomainError(f"Choose one of: {', '.join(MARKS)}.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(f"The note may have at most {NOTE_MAX} characters.")
    previous = flag.status
    flag.status, flag.note, flag.reviewed_by_id = status, note, getattr(by, "id", None)
    audit.record("integrity.flag_marked", event=db.session.get(Event, flag.event_id), actor=by, obj=flag,
                 status=status, previous=previous, note=note)
    db.session.flush()
