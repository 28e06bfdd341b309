"""Views of the decisions domain (routes are added by the issue that builds them)."""

from reviewhub.decisions import bp  # noqa: F401
