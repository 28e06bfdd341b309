"""The audit log viewer: what happened in an event, filtered, paged and as CSV."""

from flask import Blueprint

bp = Blueprint("auditlog", __name__, url_prefix="/<slug>/manage/audit")
