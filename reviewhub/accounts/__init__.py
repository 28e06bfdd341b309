"""Accounts: registration, login, confirmation, password reset."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")
