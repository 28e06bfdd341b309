"""Views of the submissions domain (routes are added by the issue that builds them)."""

from reviewhub.submissions import bp  # noqa: F401
