"""Tags: organizers' labels on submissions, shared or private to one organizer, with colours."""

from flask import Blueprint

bp = Blueprint("tags", __name__, url_prefix="/<slug>/manage/tags")
