"""The security log page, for site admins."""

from flask import render_template, request
from flask_login import current_user, login_required

from reviewhub.permissions import can_see_security_log, require
from reviewhub.security import bp, queries
from reviewhub.security.models import KINDS


@bp.route("/", endpoint="list")
@login_required
def list_refusals():
    require(can_see_security_log(current_user))
    filters = queries.Filters.from_args(request.args)
    rows, total = queries.list_events(filters)
    pages = max(1, -(-total // queries.PER_PAGE))
    return render_template("security/list.html", rows=rows, total=total, filters=filters,
                           pages=pages, kinds=KINDS)
