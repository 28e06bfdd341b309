"""Organizers' versions of the mail templates: which keys exist, what they may say, saving."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.extensions import db
from reviewhub.mail.models import EmailTemplate
from reviewhub.mail.rendering import (
    builtin_keys,
    builtin_source,
    check_source,
    placeholders_in,
    render_message,
)
from reviewhub.models_base import utcnow

ALWAYS = {"recipient_name"}


def template_keys(event) -> list[dict]:
    """Every editable key: the shipped ones and one per decision outcome, with whether the
    event has its own version."""
    from reviewhub.decisions.queries import list_outcomes

    keys = set(builtin_keys()) | {f"decisions/{o.key}" for o in list_outcomes(event)}
    custom = set(db.session.scalars(sa.select(EmailTemplate.key).where(EmailTemplate.event_id == event.id)))
    return [{"key": key, "custom": key in custom} for key in sorted(keys)]


def is_known_key(event, key: str) -> bool:
    return any(row["key"] == key for row in template_keys(event))


def fallback_for(event, key: str) -> str | None:
    """The shipped template an outcome without its own file starts from."""
    from reviewhub.decisions.queries import list_outcomes

    for outcome in list_outcomes(event):
        if key == f"decisions/{outcome.key}":
            return "decisions/accept" if outcome.is_accept else "decisions/reject"
    return None


def allowed_placeholders(event, key: str) -> set[str]:
    """Decision mails take the decision placeholders; other mails the ones their shipped
    template uses (that is what their sender fills in)."""
    if key.startswith("decisions/"):
        from reviewhub.decisions.services import DECISION_PLACEHOLDERS

        return DECISION_PLACEHOLDERS | ALWAYS
    subject, body = builtin_source(key)
    return placeholders_in(subject) | placeholders_in(body) | ALWAYS


def current_source(event, key: str) -> tuple[str, str, bool]:
    """(subject, body, is the event's own) of a key."""
    from reviewhub.mail.services import template_source

    custom = db.session.scalar(sa.select(EmailTemplate).where(
        EmailTemplate.event_id == event.id, EmailTemplate.key == key))
    if custom is not None:
        return custom.subject, custom.body, True
    subject, body = template_source(key, None, fallback=fallback_for(event, key))
    return subject, body, False


def save_template(event, key: str, *, subject: str, body: str, by) -> EmailTemplate:
    """Store the event's version of a template; raises TemplateProblem when it does not
    parse or names an unknown placeholder. Flushes."""
    allowed = allowed_placeholders(event, key)
    check_source(subject, allowed)
    check_source(body, allowed)
    # A trial render catches what parsing cannot: the sandbox refusing an attribute, a
    # filter on the wrong type. Better here than in the middle of a release.
    render_message(subject, body, sample_context(allowed))
    row = db.session.scalar(sa.select(EmailTemplate).where(
        EmailTemplate.event_id == event.id, EmailTemplate.key == key))
    if row is None:
        row = EmailTemplate(event_id=event.id, key=key)
        db.session.add(row)
    row.subject, row.body, row.updated_at = subject, body, utcnow()
    db.session.flush()
    audit.record("mail.template_saved", event=event, actor=by, obj=row, key=key)
    return row


def reset_template(event, key: str, *, by) -> None:
    """Back to the shipped version. Flushes."""
    db.session.execute(sa.delete(EmailTemplate).where(
        EmailTemplate.event_id == event.id, EmailTemplate.key == key))
    db.session.flush()
    audit.record("mail.template_reset", event=event, actor=by, key=key)


TYPED_SAMPLES = {"submission_number": 1, "is_correction": False, "minutes": 60}


def sample_context(allowed: set[str]) -> dict:
    """Stand-in values for a preview of a mail that has no submission to fill it from."""
    return {name: TYPED_SAMPLES.get(name, f"[{name}]") for name in allowed}
