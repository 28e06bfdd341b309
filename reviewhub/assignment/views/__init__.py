"""Views of the assignment domain: recruitment, the reviewer's own pages, runs and edits."""

from reviewhub.assignment import bp  # noqa: F401
from reviewhub.assignment.views import recruit, reviewer, runs  # noqa: F401
