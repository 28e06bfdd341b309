"""A person's pages for organizers and site admins: who they are in an event, their reviewer
tags, and the mail the outbox sent them (each person's mail log)."""

from flask import Blueprint

bp = Blueprint("people", __name__)
