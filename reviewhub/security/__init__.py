"""The security log: refused requests (permission checks, CSRF failures, rate limits) for admins."""

from flask import Blueprint

bp = Blueprint("security", __name__, url_prefix="/admin/security")
