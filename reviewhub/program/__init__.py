"""Program: speakers, schedule, releases, public program pages and exports."""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/<slug>/program")
