"""Pure helpers around the check: the text compared per submission, shared authors, highlights."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_PASSAGES = 200  # stored per pair; an exact copy is one passage, a patchwork a few dozen


def compose_text(title: str, abstract: str, statement: str, file_texts: Iterable[str]) -> str:
    """What is compared for a submission: title, abstract, artist statement, the files' text.

    Paragraph breaks between the parts keep a shingle from spanning the title and the abstract.
    """
    parts = [title, abstract, statement, *file_texts]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def text_digest(text: str) -> str:
    """Fingerprint of a compared text: stored spans are valid only for the same text."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Person:
    """One author of a submission as far as "the same person" goes."""

    name: str
    email: str
    user_id: int | None


def shared_authors(a: Sequence[Person], b: Sequence[Person]) -> list[str]:
    """Names (from `a`) of authors on both lists: same account or same email, case-insensitive."""
    emails = {p.email.strip().lower() for p in b if p.email}
    users = {p.user_id for p in b if p.user_id is not None}
    return [
        p.name for p in a
        if (p.email and p.email.strip().lower() in emails) or (p.user_id is not None and p.user_id in users)
    ]


@dataclass(frozen=True)
class Segment:
    """A piece of a text to show; `passage` is the 1-based passage number when highlighted."""

    text: str
    passage: int | None = None


def segments(text: str, spans: Sequence[Sequence[int]]) -> list[Segment]:
    """Cut `text` at the (start, end) spans (sorted or not, non-overlapping) for highlighting;
    the i-th span of the input is passage i + 1, so both sides of a pair number alike."""
    numbered = sorted((int(s), int(e), n) for n, (s, e) in enumerate(spans, 1) if 0 <= s < e <= len(text))
    out: list[Segment] = []
    at = 0
    for start, end, number in numbered:
        if start < at:
            continue  # overlapping span: keep the first one only
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], number))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def is_earlier(other_date, other_created, this_date, this_created) -> bool:
    """Whether another event counts as earlier: by event day when both have one, else by creation."""
    if other_date is not None and this_date is not None:
        return other_date < this_date
    return other_created < this_created
