"""Pure rules of custom questions: one validator per kind (raw form input -> clean value or a
message), how an answer reads and what the search matches. No Flask, no database."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

KIND_LABELS = {
    "text": "Short text", "long_text": "Long text", "number": "Number", "single": "Single choice",
    "multiple": "Multiple choice", "checkbox": "Checkbox (yes/no)", "date": "Date", "file": "File (PDF)",
}
KINDS = tuple(KIND_LABELS)
CHOICE_KINDS = ("single", "multiple")
TEXT_LIMITS = {"text": 300, "long_text": 5000}
FILE_KINDS = ("pdf",)  # judged by content (submissions.sniff), never by the name
FILE_MAX_MB = 10
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
TICKED = ("y", "yes", "on", "true", "1")
UNTICKED = ("", "n", "no", "off", "false", "0")


@dataclass(frozen=True)
class Spec:
    """What a validator needs to know of a question."""

    kind: str
    options: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True)
class UploadFacts:
    """A file answer as the validator sees it: its name, size and the kind its content shows
    (None when it is none we know)."""

    name: str
    size: int
    kind: str | None


@dataclass(frozen=True)
class Checked:
    """A validator's result: the clean value (None: no answer) or a message for the field."""

    value: object = None
    error: str | None = None


@dataclass(frozen=True)
class StoredFile:
    """The clean value of a file answer once stored."""

    key: str
    name: str
    size: int
    sha256: str = ""
    extra: dict = field(default_factory=dict)


def _text(spec: Spec, raw) -> Checked:
    text = (raw or "").strip() if isinstance(raw, str) else None
    if text is None:
        return Checked(error="Give text here.")
    limit = TEXT_LIMITS[spec.kind]
    if len(text) > limit:
        return Checked(error=f"At most {limit:,} characters (this has {len(text):,}).")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        return Checked(error="Remove the control characters.")
    if spec.kind == "text" and ("\n" in text or "\r" in text):
        return Checked(error="One line only.")
    return Checked(text or None)


def _number(spec: Spec, raw) -> Checked:
    text = (raw or "").strip() if isinstance(raw, str) else None
    if text is None:
        return Checked(error="Give a number.")
    if not text:
        return Checked(None)
    try:
        number = float(text.replace(",", "")) if len(text) <= 30 else float("nan")
    except ValueError:
        return Checked(error="Give a number, e.g. 3 or 2.5.")
    if not math.isfinite(number):
        return Checked(error="Give a number, e.g. 3 or 2.5.")
    if spec.min_value is not None and number < spec.min_value:
        return Checked(error=f"At least {_plain(spec.min_value)}.")
    if spec.max_value is not None and number > spec.max_value:
        return Checked(error=f"At most {_plain(spec.max_value)}.")
    return Checked(int(number) if number.is_integer() and abs(number) < 2**53 else number)


def _single(spec: Spec, raw) -> Checked:
    if not isinstance(raw, str):
        return Checked(error="Choose one of the options.")
    if not raw:
        return Checked(None)
    if raw not in spec.options:
        return Checked(error="Choose one of the options listed.")
    return Checked(raw)


def _multiple(spec: Spec, raw) -> Checked:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        return Checked(error="Choose among the options.")
    chosen = [v for v in values if v]
    unknown = [v for v in chosen if v not in spec.options]
    if unknown:
        return Checked(error="Choose only among the options listed.")
    # In the organizer's order, each once, whatever order the browser sent them in.
    return Checked([o for o in spec.options if o in chosen] or None)


def _checkbox(spec: Spec, raw) -> Checked:
    text = (raw or "").strip().lower() if isinstance(raw, str) or raw is None else None
    if text in TICKED:
        return Checked(True)
    if text in UNTICKED:
        return Checked(False)
    return Checked(error="Tick the box or leave it empty.")


def _date(spec: Spec, raw) -> Checked:
    text = (raw or "").strip() if isinstance(raw, str) else None
    if text is None:
        return Checked(error="Give a date as YYYY-MM-DD.")
    if not text:
        return Checked(None)
    try:
        day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return Checked(error="This day does not exist; give a date as YYYY-MM-DD.")
    if day is None:
        return Checked(error="Give a date as YYYY-MM-DD, e.g. 2026-12-07.")
    if not 1900 <= day.year <= 2200:
        return Checked(error="Give a year between 1900 and 2200.")
    return Checked(day.isoformat())


def _file(spec: Spec, raw) -> Checked:
    if raw is None:
        return Checked(None)
    if not isinstance(raw, UploadFacts):
        return Checked(error="Choose a file.")
    if raw.size == 0:
        return Checked(error=f"{raw.name}: the file is empty.")
    if raw.size > FILE_MAX_MB * 1024 * 1024:
        return Checked(error=f"{raw.name}: larger than {FILE_MAX_MB} MB; choose a smaller file.")
    if raw.kind not in FILE_KINDS:
        return Checked(error=f"{raw.name}: judged by its content this is not a PDF.")
    return Checked(raw)


VALIDATORS: dict[str, Callable[[Spec, object], Checked]] = {
    "text": _text, "long_text": _text, "number": _number, "single": _single, "multiple": _multiple,
    "checkbox": _checkbox, "date": _date, "file": _file,
}


def check(spec: Spec, raw, *, required: bool) -> Checked:
    """The kind's validator, then `required` (a checkbox must be ticked; others answered)."""
    checked = VALIDATORS[spec.kind](spec, raw)
    if checked.error is None and required and checked.value in (None, False):
        return Checked(error="Tick this box." if spec.kind == "checkbox" else "This question needs an answer.")
    return checked


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def display(kind: str, value) -> str:
    """An answer as people read it."""
    if value is None:
        return ""
    if kind == "checkbox":
        return "yes" if value else "no"
    if kind == "multiple":
        return ", ".join(value)
    if kind == "number":
        return _plain(value)
    if kind == "file":
        return value.get("name", "file") if isinstance(value, dict) else "file"
    return str(value)


def search_text(kind: str, value) -> str:
    """What `qa:key=words` matches (lowercase); a file answer matches by its presence only."""
    if kind == "multiple":  # one option a line, fenced: qa:key=option matches a whole option
        return "\n" + "\n".join(v.lower() for v in value) + "\n"
    return "" if kind == "file" else display(kind, value).lower()


def search_number(kind: str, value) -> float | None:
    return float(value) if kind == "number" and value is not None else None


def parse_options(text: str) -> tuple[list[str], str | None]:
    """The organizer's options, one per line: (options, message when they are wrong)."""
    options = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(options) < 2:
        return options, "Give at least two options, one per line."
    if len(options) > 50:
        return options, "At most 50 options."
    if len({o.lower() for o in options}) != len(options):
        return options, "Each option once."
    if any(len(o) > 200 for o in options):
        return options, "An option has at most 200 characters."
    return options, None


def key_from_label(label: str, taken: set[str]) -> str:
    """A short search key made from the label ("Will one author attend?" -> will-one-author)."""
    words = re.findall(r"[a-z0-9]+", label.lower()) or ["q"]
    base = "-".join(words[:3])[:30].strip("-") or "q"
    base = base if base[0].isalpha() else "q" + base
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
