"""The demo's submissions: counts, real readable files, owners, idempotence, speed."""

import time

import sqlalchemy as sa

from reviewhub.demo import load_demo
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.submissions import demo, pdftools, sniff
from reviewhub.submissions.models import Submission, SubmissionFile


def test_demo_has_papers_and_creative_works_with_real_files(app):
    load_demo("cfp")
    db.session.commit()
    subs = list(db.session.scalars(sa.select(Submission)))
    by_type = {}
    for s in subs:
        by_type[s.type.key] = by_type.get(s.type.key, 0) + 1
    assert by_type == {"paper": 28, "creative": 12}
    assert {s.status for s in subs} == {"draft", "submitted", "withdrawn"}
    owned = {a.email for s in subs for a in s.authors if a.user_id}
    assert {"author1@demo.example.org", "author2@demo.example.org"} <= owned
    from reviewhub import storage

    pdfs = list(db.session.scalars(sa.select(SubmissionFile).where(SubmissionFile.kind == "pdf")))
    assert len(pdfs) >= 28 and all(p.extracted_text for p in pdfs)
    sample = storage.read_bytes(pdfs[0].storage_key)
    assert pdftools.inspect(sample).page_count == pdfs[0].page_count >= 3
    kinds = {sniff.sniff(storage.read_bytes(x.storage_key)).content_type
             for x in db.session.scalars(sa.select(SubmissionFile).where(SubmissionFile.purpose == "media"))}
    assert kinds == {"image/png", "audio/wav"}
    receipts = sa.select(sa.func.count()).where(OutboxMessage.kind == "submissions/receipt")
    assert db.session.scalar(receipts) == 0  # invented coauthors get no mail


def test_demo_is_idempotent_and_quick(app):
    event = load_demo("cfp")["event"]
    db.session.commit()
    started = time.perf_counter()
    demo.populate(event, "review")
    assert time.perf_counter() - started < 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 40
