"""Reviewing: review forms, reviews, discussion, rankings, progress."""

from flask import Blueprint

bp = Blueprint("reviewing", __name__, url_prefix="/<slug>/reviews")
