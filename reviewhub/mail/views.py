"""Views of the mail domain (routes are added by the issue that builds them)."""

from reviewhub.mail import bp  # noqa: F401
