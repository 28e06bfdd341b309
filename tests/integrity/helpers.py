"""Test data for the integrity domain: texts that share nothing by chance, files, images."""

import io

import numpy as np
from PIL import Image

from reviewhub import storage
from reviewhub.decisions.models import Decision, DecisionOutcome
from reviewhub.extensions import db
from reviewhub.submissions.models import SubmissionFile

_RNG = np.random.default_rng(99)
VOCAB = ["".join(_RNG.choice(list("abcdefghijklmnopqrstuvwxyz"), n)) for n in _RNG.integers(3, 9, 4000)]


def words(seed: int, n: int = 600) -> list[str]:
    rng = np.random.default_rng(seed)
    return [VOCAB[i] for i in rng.integers(0, len(VOCAB), n)]


def essay(seed: int, n: int = 600) -> str:
    """A text of n words in sentences of 12; different seeds share no 5-word run in practice."""
    w = words(seed, n)
    return " ".join(" ".join(w[i:i + 12]).capitalize() + "." for i in range(0, len(w), 12))


def reworded(text: str, fraction: float, seed: int) -> str:
    """The text with about `fraction` of its words replaced at random."""
    rng = np.random.default_rng(seed)
    return " ".join(VOCAB[int(rng.integers(len(VOCAB)))] if rng.random() < fraction else w for w in text.split())


def add_file(submission, *, text="", kind="pdf", data=b"%PDF-1.4 test", purpose="main", name=None):
    stored = storage.save_bytes(data, suffix="." + ("png" if kind == "image" else kind))
    row = SubmissionFile(
        submission_id=submission.id, purpose=purpose, kind=kind,
        original_name=name or f"file.{kind}", content_type="image/png" if kind == "image" else "application/pdf",
        size=stored.size, sha256=stored.sha256, storage_key=stored.key, extracted_text=text,
    )
    db.session.add(row)
    db.session.flush()
    return row


def picture(seed: int, size: int = 200) -> Image.Image:
    """A smooth random picture: upscaled coarse noise (what perceptual hashes see well)."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, (6, 6, 3), dtype=np.uint8)
    return Image.fromarray(coarse, "RGB").resize((size, size), Image.Resampling.BICUBIC)


def encoded(image: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def decide(submission, *, accept: bool, label=None):
    key = "accept" if accept else "reject"
    outcome = db.session.query(DecisionOutcome).filter_by(event_id=submission.event_id, key=key).one_or_none()
    if outcome is None:
        outcome = DecisionOutcome(event_id=submission.event_id, key=key, label=label or key.title(),
                                  is_accept=accept)
        db.session.add(outcome)
        db.session.flush()
    db.session.add(Decision(submission_id=submission.id, outcome_id=outcome.id))
    db.session.flush()
