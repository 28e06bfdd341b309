"""Mail pages: the template editor with its checks and preview, the outbox, retry, mail log."""

import pytest
import sqlalchemy as sa

from reviewhub.decisions import services
from reviewhub.extensions import db
from reviewhub.mail.models import EmailTemplate, OutboxMessage
from tests import factories as f


@pytest.fixture
def world(app):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer, name="GenAI Workshop")
    outcomes = services.ensure_default_outcomes(event)
    author, coauthor = f.make_user(name="Ada Author"), f.make_user(name="Ben Coauthor")
    sub = f.make_submission(event, author=author, coauthors=[coauthor], title="Dreams")
    db.session.commit()
    return dict(event=event, organizer=organizer, outcomes=outcomes, sub=sub, author=author, coauthor=coauthor)


def _edit(world, key="decisions/accept_talk"):
    return f"/{world['event'].slug}/mail/templates/{key}"


def _form(**overrides):
    data = {"subject": "Hello {{ event_name }}", "body": "Dear {{ recipient_name }}, {{ outcome }}.",
            "save": "Save"}
    data.update(overrides)
    return data


def test_template_list_names_builtin_and_outcome_keys(world, login_as):
    html = login_as(world["organizer"]).get(f"/{world['event'].slug}/mail/templates").get_data(as_text=True)
    for key in ("accounts/reset", "decisions/accept_talk", "decisions/reject", "decisions/confirm_reminder"):
        assert key in html


def test_outcome_template_starts_from_the_shipped_accept(world, login_as):
    html = login_as(world["organizer"]).get(_edit(world)).get_data(as_text=True)
    assert "is accepted" in html and "shipped version" in html


@pytest.mark.parametrize("overrides, message", [
    ({"body": "Dear {{ reviewer_name }}"}, "Unknown placeholder: reviewer_name"),
    ({"body": "Dear {{ recipient_name "}, "Syntax error on line 1"),
    ({"subject": "{% if %}"}, "Syntax error"),
    ({"subject": ""}, "This field is required"),
    ({"body": ""}, "This field is required"),
    ({"subject": "x" * 301}, "300"),
    ({"body": "x" * 20001}, "20000"),
    ({"subject": "two\nlines"}, "one line"),
    ({"body": "{{ event_name.__class__.__mro__ }}"}, "unsafe"),
])
def test_template_errors_are_shown_by_the_field(world, login_as, overrides, message):
    response = login_as(world["organizer"]).post(_edit(world), data=_form(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html.replace("&#39;", "'")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailTemplate)) == 0


def test_saved_template_is_used_by_the_release(world, login_as):
    client = login_as(world["organizer"])
    response = client.post(_edit(world), data=_form(subject="Yes! #{{ submission_number }}",
                                                    body="{{ recipient_name }}: {{ outcome }} for {{ submission_title }}"))
    assert response.status_code == 302
    services.decide(world["sub"], world["outcomes"][0], by=world["organizer"])
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.to_email)).all()
    assert {r.subject for r in rows} == {"Yes! #1"}
    assert {r.body_text for r in rows} == {"Ada Author: Accept — contributed talk for Dreams",
                                           "Ben Coauthor: Accept — contributed talk for Dreams"}
    client.post(_edit(world) + "/reset")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailTemplate)) == 0


def test_preview_renders_for_a_chosen_submission_and_recipient(world, login_as):
    response = login_as(world["organizer"]).post(_edit(world), data=_form(
        save="", preview="Preview", preview_number="1", preview_email=world["coauthor"].email,
        body="To {{ recipient_name }} about {{ submission_title }} by {{ author_names }}"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "To Ben Coauthor about Dreams by Ada Author, Ben Coauthor" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmailTemplate)) == 0


@pytest.mark.parametrize("extra, message", [
    ({"preview_number": "99"}, "No submission you may see"),
    ({"preview_number": "1", "preview_email": "nobody@example.org"}, "not the address of one of its authors"),
    ({"preview_number": "one"}, "Not a valid integer"),
    ({"preview_number": "1", "preview_email": "not-an-email"}, "Invalid email"),
])
def test_preview_bad_choices(world, login_as, extra, message):
    response = login_as(world["organizer"]).post(_edit(world), data=_form(save="", preview="Preview", **extra))
    assert message in response.get_data(as_text=True)


def test_unknown_template_key_is_404(world, login_as):
    assert login_as(world["organizer"]).get(_edit(world, "decisions/nope")).status_code == 404
    assert login_as(world["organizer"]).get(_edit(world, "../../etc/passwd")).status_code == 404


def test_outbox_shows_failed_with_error_and_retry_requeues(world, login_as):
    services.decide(world["sub"], world["outcomes"][2], by=world["organizer"])
    services.release(world["event"], by=world["organizer"])
    row = db.session.scalars(sa.select(OutboxMessage)).first()
    row.status, row.last_error, row.attempts = "failed", "550 Mailbox unavailable", 1
    db.session.commit()
    client = login_as(world["organizer"])
    html = client.get(f"/{world['event'].slug}/mail/?status=failed").get_data(as_text=True)
    assert "550 Mailbox unavailable" in html and "Retry" in html
    assert client.post(f"/{world['event'].slug}/mail/{row.id}/retry").status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "pending"
    log = client.get(f"/{world['event'].slug}/mail/submissions/{world['sub'].id}").get_data(as_text=True)
    assert "Decision on your submission #1" in log and world["author"].email in log


def test_outbox_hides_mail_about_the_viewers_own_submission(world, login_as):
    f.add_role(world["event"], world["author"], "organizer")
    services.decide(world["sub"], world["outcomes"][2], by=world["organizer"])
    services.release(world["event"], by=world["organizer"])
    db.session.commit()
    assert "Decision on" in login_as(world["organizer"]).get(f"/{world['event'].slug}/mail/").get_data(as_text=True)
    assert "Decision on" not in login_as(world["author"]).get(f"/{world['event'].slug}/mail/").get_data(as_text=True)
