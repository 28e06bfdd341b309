"""Events: the public event pages and the organizer's event settings."""

from flask import Blueprint

bp = Blueprint("events", __name__)
