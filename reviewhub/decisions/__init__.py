"""Decisions: outcomes, release, decision emails, camera-ready."""

from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/<slug>/decisions")
