"""Custom questions: the organizer's own fields on the submission form (per submission type)
and on the reviewer's profile, their answers, and where the answers are shown."""

from flask import Blueprint

bp = Blueprint("questions", __name__, url_prefix="/<slug>")
