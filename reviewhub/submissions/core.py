"""Pure rules of submissions: effective deadlines, file slots per type, field-by-field changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from reviewhub.submissions.sniff import MEDIA_KINDS
from reviewhub.words import all_of, any_of
from reviewhub.words import label as key_label

# Fields compared and shown when a save is refused as stale, with their labels.
FIELD_LABELS = {
    "type": "Type", "title": "Title", "abstract_md": "Abstract", "keywords": "Keywords",
    "topics": "Topics", "authors": "Authors", "artist_statement": "Artist statement",
    "link_url": "Link", "ai_use": "Use of AI", "ai_use_details": "AI use details",
    "presentation_preference": "Presentation preference", "consent_to_publish": "Consent to publish",
    "files": "Files",
}


def effective_deadline(event_deadline: datetime | None, type_deadline: datetime | None,
                       extension: datetime | None) -> datetime | None:
    """A per-submission extension overrides the type's deadline, which overrides the event's."""
    return extension or type_deadline or event_deadline


def is_open(deadline: datetime | None, now: datetime, grace: timedelta = timedelta(0)) -> bool:
    """Open up to and including the deadline instant, plus the grace period; no deadline
    means open."""
    return deadline is None or now <= deadline + grace


@dataclass(frozen=True)
class Slot:
    """One file input of a submission type's form."""

    purpose: str  # main | supplementary | media | statement
    label: str
    kinds: tuple[str, ...]
    required: bool
    multiple: bool = False


def file_slots(allowed: list[str], required: list[str], allow_link: bool) -> list[Slot]:
    """Which files a type takes: media types (creative work) take one or more media files and
    an optional PDF; others a main PDF; a ZIP (or extra PDF) goes in as supplementary."""
    allowed_set, required_set = set(allowed or []), set(required or [])
    media = tuple(k for k in MEDIA_KINDS if k in allowed_set)
    slots: list[Slot] = []
    if media:
        need = bool(required_set & set(media)) and not allow_link
        slots.append(Slot("media", "Media files", media, need, multiple=True))
        if "pdf" in allowed_set:
            slots.append(Slot("statement", "PDF (e.g. a description or score)", ("pdf",), "pdf" in required_set))
    elif "pdf" in allowed_set:
        slots.append(Slot("main", "Paper (PDF)", ("pdf",), "pdf" in required_set))
    if "zip" in allowed_set:
        kinds = ("pdf", "zip") if "pdf" in allowed_set and not media else ("zip",)
        slots.append(Slot("supplementary", "Supplementary material", kinds, "zip" in required_set))
    return slots


def describe_files(allowed: list[str], required: list[str], allow_link: bool) -> str:
    """What a type takes and requires, as the organizers' list of types says it. The media
    kinds are alternatives (one file of any of them is enough), so they are joined by "or":
    "Media files (image, audio or video); requires at least one media file (image, audio or video)"."""
    slots = file_slots(allowed, required, allow_link)
    takes = [_slot_text(slot) for slot in slots] + (["a link"] if allow_link else [])
    needed = [_slot_text(slot, needed=True) for slot in slots if slot.required]
    media = [slot for slot in slots if slot.purpose == "media"]
    if allow_link and media and not needed and set(required or []) & set(MEDIA_KINDS):
        needed = [_slot_text(media[0], needed=True) + " or a link"]
    text = "; ".join(takes) or "nothing"
    return f"{text}; requires {all_of(needed)}" if needed else text


def _slot_text(slot: Slot, *, needed: bool = False) -> str:
    if slot.purpose != "media":
        return slot.label
    kinds = any_of(key_label(k).lower() for k in slot.kinds)
    return f"at least one media file ({kinds})" if needed else f"Media files ({kinds})"


def changes(before: dict, after: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for every field that differs between two snapshots."""
    out = []
    for key, label in FIELD_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old != new:
            out.append((label, _text(old), _text(new)))
    return out


def _text(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "(empty)" if value in (None, "") else str(value)


def names_in_text(names: list[str], text: str) -> list[str]:
    """Author names (full name, case-insensitive) that appear in a text, e.g. a PDF's first page."""
    haystack = " ".join(text.lower().split())
    return [n for n in names if len(n.strip()) >= 4 and " ".join(n.lower().split()) in haystack]


@dataclass(frozen=True)
class AuthorData:
    name: str
    email: str
    affiliation: str = ""
    is_contact: bool = False


@dataclass(frozen=True)
class SubmissionData:
    """What an author typed: the service checks it against the event and the type."""

    title: str
    authors: tuple[AuthorData, ...]
    abstract_md: str = ""
    keywords: str = ""
    topic_ids: tuple[int, ...] = ()
    artist_statement: str = ""
    link_url: str = ""
    ai_use: str = "none"
    ai_use_details: str = ""
    presentation_preference: str = "either"
    consent_to_publish: bool = False


@dataclass(frozen=True)
class Upload:
    """A file for a slot: bytes made in code (demo, tests), or a request's upload that is
    already in the upload folder (`incoming`, a storage.IncomingFile)."""

    purpose: str
    filename: str
    data: bytes = b""
    incoming: Any = None
