"""What the public event page shows, gathered in one place (the template runs no queries)."""

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
    return {
        "dates": queries.important_dates(event),
        "keynotes": queries.list_speakers(event, "keynote"),
        "panelists": queries.list_speakers(event, "panelist"),
        "organizer_people": queries.list_speakers(event, "organizer"),
        "schedule": public_schedule(event),
    }
