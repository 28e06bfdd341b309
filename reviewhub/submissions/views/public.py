"""The public call for submissions."""

from flask import render_template

from reviewhub.events.queries import get_event_or_404
from reviewhub.models_base import utcnow
from reviewhub.permissions import require
from reviewhub.submissions import bp, queries, services
from reviewhub.submissions.services.files import REFERENCE_PAGES
from reviewhub.submissions.views.common import slots_of
from reviewhub.timeutil import format_remaining


@bp.route("/cfp")
def cfp(slug):
    require(True)  # public: the call is the event's advertisement
    event = get_event_or_404(slug)
    now = utcnow()
    calls = []
    for kind in queries.list_types(event):
        deadline = services.type_deadline(event, kind)
        calls.append({"kind": kind, "slots": slots_of(kind), "deadline": deadline,
                      "remaining": format_remaining(deadline - now) if deadline else None})
    from reviewhub.events.page import split_call

    return render_template("submissions/cfp.html", event=event, calls=calls,
                           reference_pages=REFERENCE_PAGES, call_parts=split_call(event.call_md))
