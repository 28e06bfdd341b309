"""What the public event page shows, gathered in one place (the template runs no queries)."""

import re

from reviewhub.events import queries
from reviewhub.events.models import Event


def public_schedule(event: Event):
    """The released schedule's rows for the event page, or None before any release.

    The program domain owns releases; it provides `released_schedule_rows(event)`.
    """
    try:
        from reviewhub.program.services import released_schedule_rows
    except ImportError:
        return None
    return released_schedule_rows(event)


def event_page_context(event: Event) -> dict:
    call_before, call_after = split_call(event.call_md)
    keynotes = queries.list_speakers(event, "keynote")
    return {
        "call_before": call_before, "call_after": call_after,
        "topics_heading": not introduces_topics(call_before),
        "bios": {p.id: bio_markdown(p.name, p.bio_md) for p in keynotes},
        "dates": queries.important_dates(event),
        "keynotes": keynotes,
        "panelists": queries.list_speakers(event, "panelist"),
        "organizer_people": queries.list_speakers(event, "organizer"),
        "schedule": public_schedule(event),
    }


def split_call(call_md: str) -> tuple[str, str]:
    """The call's text around the topic list: a paragraph ending in a colon introduces the
    list, which follows it (the seed page's "...a broad range of topics, including:"); with no
    such paragraph the list comes after the whole text. Returns (before, after)."""
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", call_md or "") if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        if paragraph.endswith(":"):
            return "\n\n".join(paragraphs[:index + 1]), "\n\n".join(paragraphs[index + 1:])
    return "\n\n".join(paragraphs), ""


def introduces_topics(before: str) -> bool:
    """True when the text before the list says what the list is (no heading needed then)."""
    return before.endswith(":")


def bio_markdown(name: str, bio_md: str) -> str:
    """A biography as written: one that starts mid-sentence ("is currently a ...") continues
    the person's name, which the page sets in bold before it, as the seed page does."""
    bio = (bio_md or "").strip()
    if bio[:1].islower():
        return f"**{markdown_escape(name)}** {bio}"
    return bio


def markdown_escape(text: str) -> str:
    """Plain text inside Markdown: backslash before every character Markdown could read."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)


def intro_markdown(description_md: str, call_md: str, topics: list[str],
                   topic_line=lambda topic: f"- {topic}") -> str:
    """The page's opening text as one Markdown document (for static exports): description,
    the call with the topic list where it says, as the event page shows them."""
    before, after = split_call(call_md)
    listed = "\n".join(topic_line(t) for t in topics)
    parts = [(description_md or "").strip(), before, listed, after]
    return "\n\n".join(p for p in parts if p)
