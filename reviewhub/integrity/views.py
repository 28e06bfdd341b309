"""Views of the integrity domain (routes are added by the issue that builds them)."""

from reviewhub.integrity import bp  # noqa: F401
