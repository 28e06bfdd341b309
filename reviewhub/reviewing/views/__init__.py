"""Views of the reviewing domain: reviewer pages, organizer pages, the review form editor."""

from reviewhub.reviewing import bp  # noqa: F401
from reviewhub.reviewing.views import editor, incident, organizer, reviewer  # noqa: F401
