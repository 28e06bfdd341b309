"""Views of the committee domain: organizer pages, the chairs' console and meta-reviews."""

from reviewhub.committee import bp  # noqa: F401
from reviewhub.committee.views import assign, chairs, metareview, organizer  # noqa: F401
