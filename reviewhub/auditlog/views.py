"""The audit log page and its CSV."""

import json
from datetime import datetime, timedelta

from flask import Response, abort, render_template, request
from flask_login import current_user, login_required

from reviewhub import csvsafe
from reviewhub.auditlog import bp, queries
from reviewhub.events.queries import get_event_or_404
from reviewhub.permissions import can_see_audit_log, require
from reviewhub.timeutil import format_local, from_local


def _filters(event) -> queries.LogFilters:
    """The query string as filters; a malformed date or number is a 400 that says which."""
    def day(name):
        value = request.args.get(name, "").strip()
        if not value:
            return None
        try:
            return from_local(datetime.strptime(value, "%Y-%m-%d"), event.timezone)
        except ValueError:
            abort(400, description=f"{name}: give a date like 2024-09-15.")

    number = request.args.get("submission", "").strip()
    if number and not number.isdigit():
        abort(400, description="submission: give a submission number.")
    page = request.args.get("page", "1")
    until = day("until")
    if until is not None:
        until += timedelta(days=1)  # through the whole last day
    return queries.LogFilters(actor=request.args.get("actor", "").strip()[:200],
                              action=request.args.get("action", "").strip()[:80],
                              since=day("since"), until=until,
                              submission_number=int(number) if number else None,
                              page=int(page) if page.isdigit() and int(page) < 100_000 else 1)


@bp.route("/")
@login_required
def index(slug):
    event = get_event_or_404(slug)
    require(can_see_audit_log(current_user, event))
    filters = _filters(event)
    rows, total = queries.list_page(event, current_user, filters)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("auditlog/index.html", event=event, rows=rows, total=total, filters=filters,
                           args=args, pages=max(1, -(-total // queries.PER_PAGE)), actions=queries.actions(event, current_user))


@bp.route("/log.csv")
@login_required
def export(slug):
    event = get_event_or_404(slug)
    require(can_see_audit_log(current_user, event))
    header = ["at", "actor", "action", "object", "object_id", "submission", "details"]
    rows = ([format_local(r.at, event.timezone, "%Y-%m-%d %H:%M:%S"), r.actor, r.action, r.object_type,
             r.object_id or "", r.submission_number or "", json.dumps(r.details, sort_keys=True)]
            for r in queries.all_rows(event, current_user, _filters(event)))
    response = Response(csvsafe.write_csv(header, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-audit.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
