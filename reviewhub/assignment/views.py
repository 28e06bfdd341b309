"""Views of the assignment domain (routes are added by the issue that builds them)."""

from reviewhub.assignment import bp  # noqa: F401
