"""Views of the submissions domain: the public call, authors' pages, organizers' pages."""

from reviewhub.submissions import bp  # noqa: F401
from reviewhub.submissions.views import author, bulk, files, organizer, public, types  # noqa: F401
