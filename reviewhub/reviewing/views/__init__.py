"""Views of the reviewing domain: reviewer pages, organizer pages, the review form editor,
and the review process (settings, rounds, author response, sub-reviews, ratings)."""

from reviewhub.reviewing import bp  # noqa: F401
from reviewhub.reviewing.process import views_response, views_settings, views_subreview  # noqa: F401
from reviewhub.reviewing.views import editor, organizer, reviewer  # noqa: F401
