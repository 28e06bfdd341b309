"""Submissions: the call, submission forms, files, conflicts."""

from flask import Blueprint

bp = Blueprint("submissions", __name__, url_prefix="/<slug>")
