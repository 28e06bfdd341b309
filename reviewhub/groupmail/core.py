"""Pure rules of group mail: the groups, the placeholders, and people merged by address."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

GROUPS = {
    "authors": "Authors of the submissions the search finds",
    "reviewers": "Reviewers assigned to the submissions the search finds",
    "late_reviewers": "Reviewers with reviews late past the review deadline",
    "all_reviewers": "All reviewers of the event",
    "area_chairs": "All area chairs of the event",
}
SEARCHED = {"authors", "reviewers"}  # the groups the search narrows
PLACEHOLDERS = {"recipient_name", "event_name", "event_link", "submissions"}
PLACEHOLDER_HELP = ("{{ recipient_name }}, {{ event_name }}, {{ event_link }}, and {{ submissions }}: the "
                    "recipient's submissions in this mail (one per line, \"#12 Title\"; empty for the groups "
                    "without submissions)")


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    lines: tuple[str, ...] = ()  # "#12 Title" of the submissions that put them in the group


def merged(rows: Iterable[tuple[str, str, str | None]]) -> list[Person]:
    """One person per address (case-blind), in first-seen order, with every line that put
    them in the group, each once."""
    order: dict[str, tuple[str, str]] = {}
    lines: dict[str, list[str]] = {}
    for email, name, line in rows:
        key = (email or "").strip().lower()
        if not key:
            continue
        order.setdefault(key, (email.strip(), name or ""))
        if line and line not in lines.setdefault(key, []):
            lines[key].append(line)
        lines.setdefault(key, [])
    return [Person(email, name, tuple(lines[key])) for key, (email, name) in order.items()]


def context_for(person: Person, *, event_name: str, event_link: str) -> dict:
    return {"event_name": event_name, "event_link": event_link, "submissions": "\n".join(person.lines)}
