"""Moving events and people's data in and out: event export/import, HotCRP and CSV imports,
a user's own data and account deletion."""

from flask import Blueprint

bp = Blueprint("transfer", __name__)
