"""Organizer search: a small query language (as HotCRP's) parsed by a pure parser and compiled
to SQL over an event's submissions."""

from flask import Blueprint  # noqa: E402

bp = Blueprint("search", __name__, url_prefix="/<slug>/manage/searches")
