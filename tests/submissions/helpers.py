"""Builders for submission tests: real PDFs and media, and the author form's POST body."""

import io
import uuid
import wave

from reviewhub.extensions import db
from reviewhub.submissions import services
from reviewhub.submissions.core import AuthorData, SubmissionData
from reviewhub.submissions.pdfgen import make_pdf

PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
           b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def pdf(pages: int = 1, text: str = "An anonymous study of creativity.", **info) -> bytes:
    return make_pdf("A study", text, info=info or None, min_pages=pages)


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def author_rows(*people, contact: int = 0) -> dict:
    """people: (name, email, affiliation) tuples -> the form's author fields."""
    data = {"contact": str(contact)}
    for i, (name, email, affiliation) in enumerate(people):
        data.update({f"authors-{i}-name": name, f"authors-{i}-email": email,
                     f"authors-{i}-affiliation": affiliation, f"authors-{i}-position": str(i + 1)})
    return data


def form_data(user, *, coauthors=(), token=None, **fields) -> dict:
    people = [(user.name, user.email, user.affiliation)] + list(coauthors)
    data = {
        "title": "Brushes that listen", "abstract_md": "We study **co-creative** painting tools.",
        "keywords": "co-creativity, painting", "ai_use": "none", "presentation_preference": "either",
        "consent_to_publish": "y", "client_token": token or uuid.uuid4().hex, "save": "Save draft",
        **author_rows(*people),
    }
    data.update(fields)
    return data


def data_for(user, *, title="A study of brushes", coauthors=(), **fields) -> SubmissionData:
    authors = [AuthorData(user.name, user.email, user.affiliation, True)]
    authors += [AuthorData(n, e, a, False) for n, e, a in coauthors]
    values = dict(title=title, authors=tuple(authors), abstract_md="An abstract.", consent_to_publish=True)
    values.update(fields)
    return SubmissionData(**values)


def draft(event, user, *, kind_key="paper", coauthors=(), **fields):
    """A committed draft created through the service."""
    kind = {t.key: t for t in services.ensure_default_types(event)}[kind_key]
    submission, _ = services.create_draft(event, kind, by=user, data=data_for(user, coauthors=coauthors, **fields),
                                          client_token=uuid.uuid4().hex)
    db.session.commit()
    return submission
