"""Views of the program domain (routes are added by the issue that builds them)."""

from reviewhub.program import bp  # noqa: F401
