"""Views of the program domain: organizer pages, public pages, feeds and files."""

from reviewhub.program import bp  # noqa: F401
from reviewhub.program.views import editor, feeds, pages, speakers  # noqa: F401
