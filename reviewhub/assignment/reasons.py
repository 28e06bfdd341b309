"""Why a reviewer and a submission score high: shared terms and the closest past paper (pure).

    reason = explain(space, reviewer, submission_id, visible_text=title_abstract_keywords,
                     hidden_words=author_names_emails_affiliations)
    reason.terms            # the top shared terms, as the submission writes them
    reason.closest_paper    # the first line of the reviewer's past paper nearest the work

A term's weight is its share of the text cosine: the product of the work's and the
reviewer's TF-IDF weights in the event's fitted ``SubmissionSpace``. Only terms the viewer can
already read in the work's title, abstract or keywords are shown (an uploaded file's text may
carry names), and never a term with a word of an author's name, address or affiliation: the
explanation must not tell a reviewer who wrote the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from reviewhub.assignment.affinity import ReviewerDoc, SubmissionSpace, stems, words

TITLE_CHARS = 160


@dataclass(frozen=True)
class PairReason:
    text_score: float  # the text cosine (before weights, topics and bids)
    terms: tuple[tuple[str, float], ...]  # (term as written in the work, share of the cosine)
    closest_paper: str | None  # first line of the nearest past paper, None without papers
    closest_score: float


def _surface_forms(text: str, space: SubmissionSpace) -> dict[str, str]:
    """Analysed term -> how the text first writes it ("generat imag" -> "generated images")."""
    raw = words(text)
    keyed = stems(raw) if space.text_model.stem else raw
    forms: dict[str, str] = {}
    for i, key in enumerate(keyed):
        forms.setdefault(key, raw[i])
        if space.text_model.bigrams and i + 1 < len(keyed):
            forms.setdefault(f"{key} {keyed[i + 1]}", f"{raw[i]} {raw[i + 1]}")
    return forms


def _blocked(hidden_words: Iterable[str], space: SubmissionSpace) -> set[str]:
    """Analysed words of the authors' names, addresses and affiliations."""
    raw = words(" ".join(hidden_words).replace("@", " ").replace(".", " "))
    return set(raw) | set(stems(raw) if space.text_model.stem else raw)


def explain(space: SubmissionSpace, reviewer: ReviewerDoc, submission_id: int, *,
            visible_text: str, hidden_words: Iterable[str] = (), n_terms: int = 6) -> PairReason | None:
    """The reason for one pair (module docstring); None if the work is not in ``space``."""
    at = np.flatnonzero(space.ids == submission_id)
    if not len(at) or space.vectorizer is None:
        return None
    work = space.matrix[int(at[0])]
    xr = space.reviewer_vector(reviewer)
    shared = work.multiply(xr).tocsr()
    names = space.feature_names()
    visible = _surface_forms(visible_text, space)
    blocked = _blocked(hidden_words, space)
    order = np.argsort(-shared.data, kind="stable")
    terms = []
    for k in order:
        term = names[shared.indices[k]]
        shown = visible.get(term)
        if shown and not set(term.split()) & blocked and shown not in {t for t, _ in terms}:
            terms.append((shown, float(shared.data[k])))
            if len(terms) == n_terms:
                break
    closest, closest_score = None, 0.0
    if reviewer.papers:
        vectors = normalize(space.vectorizer.transform(list(reviewer.papers)))
        cos = np.asarray((vectors @ work.T).todense()).ravel()
        best = int(cos.argmax())
        closest_score = float(cos[best])
        first_line = reviewer.papers[best].strip().splitlines()[0]
        closest = first_line[:TITLE_CHARS] + ("…" if len(first_line) > TITLE_CHARS else "")
    return PairReason(float(shared.sum()), tuple(terms), closest, closest_score)

