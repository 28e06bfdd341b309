"""Views of the reviewing domain: reviewer pages, organizer pages, the review form editor,
and the review process (settings, rounds, author response, sub-reviews, ratings)."""

from reviewhub.reviewing import bp  # noqa: F401
from reviewhub.reviewing.process import (  # noqa: F401
    views_ratings,
    views_response,
    views_settings,
    views_subreview,
)
from reviewhub.reviewing.views import editor, incident, organizer, reviewer  # noqa: F401
