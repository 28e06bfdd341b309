"""Assignment: reviewer recruitment, profiles, bids, automatic assignment."""

from flask import Blueprint

bp = Blueprint("assignment", __name__, url_prefix="/<slug>/assignment")
