"""The mail log: the outbox messages of the event (organizers), without those about the
submissions they are conflicted with or wrote, as the outbox page."""

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.mail.queries import outbox_query
from reviewhub.permissions import can_send_mail, require


@api_v1.route("/events/<slug>/mail")
@api_v1.etag
@api_v1.arguments(s.MailArgs, location="query")
@api_v1.response(200, s.MailPage)
def mail_log(args, slug):
    """Outbox messages newest first, by status, template key and submission."""
    event = event_in_scope(slug)
    require(can_send_mail(s.user(), event))
    query = outbox_query(event, s.user(), status=args.get("status"), kind=args.get("kind"),
                         submission_id=args.get("submission"))
    return page(query, args)
