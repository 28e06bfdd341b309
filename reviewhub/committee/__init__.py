"""Committee: area chairs, senior area chairs and meta-reviews (issue 16, off by default)."""

from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/<slug>/committee")
