"""Views of the reviewing domain (routes are added by the issue that builds them)."""

from reviewhub.reviewing import bp  # noqa: F401
