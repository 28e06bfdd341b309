"""Composing and sending group mail (audited; flushes). A mail is sent once: its outbox rows'
dedupe keys are the mail's id and each address."""

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.groupmail import core
from reviewhub.groupmail.models import GroupMail
from reviewhub.mail.rendering import TemplateProblem, check_source, render_message
from reviewhub.mail.services import Planned, Recipient, enqueue_many
from reviewhub.models_base import utcnow

KIND = "group"  # the outbox rows' kind


def _checked(subject: str, body: str) -> None:
    for label, source in (("Subject", subject), ("Message", body)):
        try:
            check_source(source, core.PLACEHOLDERS | {"recipient_name"})
        except TemplateProblem as problem:
            raise DomainError(f"{label}: {problem}") from None


def compose(event, *, by, group: str, query: str, subject: str, body: str) -> GroupMail:
    """A mail to send after its preview. Raises DomainError for an unknown group or a subject
    or message that does not parse or names an unknown placeholder."""
    if group not in core.GROUPS:
        raise DomainError("Choose one of the groups.")
    _checked(subject, body)
    mail = GroupMail(event_id=event.id, group=group, query=query if group in core.SEARCHED else "",
                     subject=subject, body=body, created_by_id=by.id)
    db.session.add(mail)
    db.session.flush()
    audit.record("group_mail.composed", event=event, actor=by, obj=mail, group=group, query=mail.query)
    return mail


def rendered(mail: GroupMail, person: core.Person, *, event, event_link: str, link_base: str):
    """(subject, text, html) of the mail as `person` gets it."""
    context = {**core.context_for(person, event_name=event.name, event_link=event_link),
               "recipient_name": person.name}
    return render_message(mail.subject, mail.body, context, link_base=link_base)


def send(mail: GroupMail, people: list[core.Person], *, event, by, event_link: str) -> int:
    """Queue the mail to each person once; a second send of the same mail is refused."""
    if mail.sent_at is not None:
        raise DomainError("This mail was sent already; compose a new one to write again.")
    if not people:
        raise DomainError("Nobody is in this group now: nothing was sent.")
    planned = [Planned(KIND, Recipient(p.email, p.name), core.context_for(p, event_name=event.name,
                                                                           event_link=event_link),
                       f"group:{mail.id}", source=(mail.subject, mail.body)) for p in people]
    written = enqueue_many(planned, event=event)
    mail.sent_at, mail.sent_count = utcnow(), len(written)
    db.session.flush()
    audit.record("group_mail.sent", event=event, actor=by, obj=mail, recipients=len(written))
    return len(written)
