"""Shared builders of the threat tests: a world whose authors have names no page may show."""

import hashlib

import sqlalchemy as sa

from reviewhub import storage
from reviewhub.extensions import db
from reviewhub.submissions.models import Authorship, SubmissionFile
from reviewhub.submissions.pdfgen import make_pdf
from tests.access.world import World, build_world

# Distinctive identity of the world's submission's authors (double-blind event).
SURNAME = "Quillfeather"
IDENTITY = {
    "name": f"Zyxwu {SURNAME}", "email": "zyxwu@quillfeather-uni.example", "affiliation": "Quillfeather Institute",
    "file_name": f"zyxwu-{SURNAME.lower()}-draft.pdf",
}
# A real PDF whose document information names the author: reviewers get it only cleaned (a
# file that cannot be cleaned never reaches them).
PDF = make_pdf("Draft", "An anonymous draft.", info={"Author": IDENTITY["name"]})


def identified_world() -> World:
    """The access-matrix world, its first author renamed to IDENTITY and a PDF named after them."""
    world = build_world()
    author = world.users["author"]
    author.name = IDENTITY["name"]
    author.affiliation = IDENTITY["affiliation"]
    row = db.session.scalar(sa.select(Authorship).where(
        Authorship.submission_id == world.submission.id, Authorship.user_id == author.id))
    row.name, row.email, row.affiliation = IDENTITY["name"], IDENTITY["email"], IDENTITY["affiliation"]
    world.extra["file_id"] = add_file(world.submission, name=IDENTITY["file_name"]).id
    db.session.commit()
    return world


def add_file(submission, *, data: bytes = PDF, name: str = "paper.pdf", purpose: str = "main",
             kind: str = "pdf", content_type: str = "application/pdf") -> SubmissionFile:
    stored = storage.save_bytes(data, suffix=".bin")
    row = SubmissionFile(submission_id=submission.id, purpose=purpose, kind=kind, original_name=name,
                         content_type=content_type, size=stored.size,
                         sha256=hashlib.sha256(data).hexdigest(), storage_key=stored.key)
    db.session.add(row)
    db.session.flush()
    return row


def leaked_identity(text: str) -> list[str]:
    """Which parts of IDENTITY (or the surname alone) appear in text."""
    lowered = text.lower()
    found = [key for key, value in IDENTITY.items() if value.lower() in lowered]
    if SURNAME.lower() in lowered and not found:
        found.append("surname")
    return found
