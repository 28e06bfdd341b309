"""Demo data: the default types and about 40 plausible submissions (28 papers, 12 creative
works) with real PDFs, PNG images and WAV audio, for every phase; idempotent."""

import io
import math
import random
import wave
from datetime import timedelta

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import demotext, services
from reviewhub.submissions.core import AuthorData, SubmissionData, Upload
from reviewhub.submissions.models import Submission
from reviewhub.submissions.pdfgen import make_pdf

TOKEN = "demo-sub-{}"
OWNERS = {0: "author1", 1: "author1", 2: "author1", 28: "author1", 29: "author1",
          3: "author2", 4: "author2", 5: "author2"}
DRAFTS = {2, 9, 33}
WITHDRAWN = {10}


def populate(event, phase: str) -> None:
    kinds = {t.key: t for t in services.ensure_default_types(event)}
    done = set(db.session.scalars(sa.select(Submission.client_token).where(
        Submission.event_id == event.id, Submission.client_token.like("demo-sub-%"))))
    owners = _owners()
    # Made before the deadline, whichever phase the demo starts at (a past deadline in "review").
    now = min(utcnow(), event.submission_deadline_at or utcnow())
    for work in demotext.works():
        token = TOKEN.format(work.index)
        if token not in done:
            _add(event, kinds["creative" if work.creative else "paper"], work, owners.get(OWNERS.get(work.index)),
                 token, now - timedelta(days=work.index % 9 + 1, hours=work.index % 7))
    db.session.flush()


def _owners() -> dict:
    from reviewhub.accounts.services import get_user_by_email

    return {key: get_user_by_email(f"{key}@demo.example.org") for key in ("author1", "author2")}


def _add(event, kind, work: demotext.DemoWork, owner, token: str, at) -> None:
    authors = [AuthorData(p.name, p.email, p.affiliation) for p in work.coauthors]
    if owner is not None:
        authors.insert(0, AuthorData(owner.name, owner.email, owner.affiliation))
    authors[0] = AuthorData(authors[0].name, authors[0].email, authors[0].affiliation, True)
    topic_ids = tuple(event.topics[i].id for i in work.topic_positions if i < len(event.topics))
    data = SubmissionData(
        title=work.title, authors=tuple(authors), abstract_md=work.abstract, keywords=work.keywords,
        topic_ids=topic_ids, artist_statement=work.statement,
        link_url=f"https://example.org/works/{work.index}" if work.media == "link" else "",
        ai_use=work.ai_use, ai_use_details=work.ai_details, presentation_preference=work.presentation,
        consent_to_publish=True)
    submission, _ = services.create_draft(event, kind, by=owner, data=data, client_token=token, now=at)
    names = ", ".join(a.name for a in authors)
    for upload in _files(work, names):
        services.attach_file(submission, upload, by=owner, now=at)
    db.session.refresh(submission)
    services.extract_texts(submission)  # what the job does after a real upload
    if work.index in DRAFTS:
        return
    services.submit(submission, by=owner, now=at, notify=False)
    if work.index in WITHDRAWN:
        services.withdraw(submission, by=owner, reason="Submitted elsewhere.", now=at + timedelta(hours=2))


def _files(work: demotext.DemoWork, names: str) -> list[Upload]:
    if not work.creative:
        # Real papers often carry the authors in the PDF metadata: reviewers get a stripped copy.
        return [Upload("main", "paper.pdf", make_pdf(work.title, work.abstract + "\n\n" + work.body,
                                                     info={"Author": names, "Title": work.title}, min_pages=3))]
    files = []
    if work.media == "image":
        files.append(Upload("media", "work.png", image_png(work.index)))
    elif work.media == "audio":
        files.append(Upload("media", "work.wav", tone_wav(work.index)))
    if work.index % 3 == 0:
        files.append(Upload("statement", "description.pdf", make_pdf(work.title, work.statement)))
    return files


def image_png(seed: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """A small abstract picture: soft gradient with a few circles (Pillow)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    base = [rng.randrange(40, 200) for _ in range(3)]
    for y in range(size[1]):
        draw.line([(0, y), (size[0], y)], fill=tuple(min(255, c + y // 3) for c in base))
    for _ in range(6):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(10, 60)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=tuple(rng.randrange(256) for _ in range(3)), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def tone_wav(seed: int, seconds: float = 1.5, rate: int = 8000) -> bytes:
    """A short melody of sine tones (the wave module)."""
    rng = random.Random(seed)
    notes = [220 * 2 ** (rng.choice([0, 2, 4, 7, 9, 12]) / 12) for _ in range(6)]
    frames = bytearray()
    per_note = int(rate * seconds / len(notes))
    for freq in notes:
        for n in range(per_note):
            value = int(9000 * math.sin(2 * math.pi * freq * n / rate) * (1 - n / per_note))
            frames += value.to_bytes(2, "little", signed=True)
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(bytes(frames))
    return out.getvalue()
