"""Resumable chunked uploads (issue 22): a file sent in chunks before the form's submit, which
then names the finished upload. Our own small protocol (README "Resumable uploads")."""

from flask import Blueprint

bp = Blueprint("uploads", __name__, url_prefix="/<slug>/uploads")
