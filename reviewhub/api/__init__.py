"""The JSON API under /api/v1/ (flask-smorest) and the personal access tokens that open it."""

from flask import Blueprint

# The account page where users make and revoke their tokens; the API blueprint itself is
# registered by reviewhub.api.views when this one is (see record_once there).
bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")
