"""Mail: the outbox, templates and delivery."""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/<slug>/mail")
