"""Integrity: text-reuse and near-duplicate detection, AI-use report."""

from flask import Blueprint

bp = Blueprint("integrity", __name__, url_prefix="/<slug>/integrity")
