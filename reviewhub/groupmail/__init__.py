"""Mail to a chosen group: authors or reviewers of a search's result, late reviewers, all
reviewers or area chairs; previewed per recipient, sent once through the outbox, kept."""

from flask import Blueprint

bp = Blueprint("groupmail", __name__, url_prefix="/<slug>/manage/group-mail")
