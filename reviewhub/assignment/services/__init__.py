"""Assignment services: recruitment, profiles and bids, automatic and manual assignment."""

from reviewhub.assignment.services import bids, invitations, profiles, runs  # noqa: F401
