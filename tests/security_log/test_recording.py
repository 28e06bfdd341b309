"""Refused requests are security events: one row each, written after the request's rollback,
never a 500, at a constant cost, with an alert past the threshold and pruning after 90 days."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import require
from reviewhub.security.models import SecurityEvent
from tests import factories as f


def _events() -> list[SecurityEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SecurityEvent).order_by(SecurityEvent.id)))


@pytest.fixture
def hidden(app):
    """An event with a submission a stranger may not see."""
    organizer = f.make_user(email="org@example.org")
    event = f.make_event(organizer=organizer)
    submission = f.make_submission(event, author=f.make_user())
    stranger = f.make_user(email="stranger@example.org")
    db.session.commit()
    return event, submission, stranger


def test_a_permission_refusal_records_who_from_where_which_route_and_object(app, login_as, hidden):
    event, submission, stranger = hidden
    response = login_as(stranger).get(f"/{event.slug}/submissions/{submission.id}",
                                      environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code in (403, 404)
    [row] = _events()
    assert row.user_id == stranger.id and row.address == "10.1.2.3"
    assert row.route == "submissions.show" and row.method == "GET"
    assert f"sid={submission.id}" in row.object and f"slug={event.slug}" in row.object
    assert row.status == response.status_code and row.kind in ("forbidden", "not_found")
    assert row.source == "permission" and utcnow() - row.at < timedelta(minutes=1)


def test_csrf_failures_and_login_rate_limits_are_recorded(app, login_as):
    user = f.make_user(email="bob@example.org")
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    assert login_as(user).post("/account/profile", data={"name": "x"}).status_code == 400
    app.config.update(WTF_CSRF_ENABLED=False, LOGIN_MAX_FAILURES_PER_ACCOUNT=2)
    client = app.test_client()
    for _ in range(2):
        assert client.post("/account/login", data={"email": user.email, "password": "wrong one"}).status_code == 200
    assert client.post("/account/login", data={"email": user.email, "password": "wrong one"}).status_code == 429
    assert [(e.kind, e.status, e.route, e.user_id) for e in _events()] == [
        ("csrf", 400, "accounts.profile", user.id), ("rate_limited", 429, "accounts.login", None)]


def test_a_path_with_a_nul_byte_is_a_400_before_any_lookup_on_both_databases(app, client):
    response = client.get("/no-such-event%00x/")
    assert response.status_code == 400 and b"NUL" in response.data  # not a refusal of an object
    assert _events() == []


def test_pages_that_answer_and_urls_no_route_knows_record_nothing(app, client, login_as, hidden):
    event, _, stranger = hidden
    assert login_as(stranger).get(f"/{event.slug}/").status_code == 200
    assert client.get("/no/such/route/at/all.php").status_code == 404
    assert _events() == []


def _refusing_route(app):
    """A route that starts a change, then refuses: the change must not be kept."""

    @app.route("/test-only/half-done")
    def half_done():
        db.session.add(User(email="half@example.org", name="Half done"))
        db.session.flush()
        require(False)

    @app.route("/test-only/caught")
    def caught():
        try:
            require(False)
        except Exception:  # noqa: BLE001 (the view goes on: not a refusal)
            return "fine"


def test_the_event_is_written_after_the_refused_requests_rollback(app, client):
    _refusing_route(app)
    assert client.get("/test-only/half-done").status_code == 403
    assert db.session.scalar(sa.select(User).where(User.email == "half@example.org")) is None
    assert [e.route for e in _events()] == ["half_done"]
    assert client.get("/test-only/caught").status_code == 200  # caught: no refusal, no row
    assert len(_events()) == 1


def test_a_log_that_cannot_be_written_never_turns_the_refusal_into_a_500(app, login_as, hidden):
    event, submission, stranger = hidden
    path = f"/{event.slug}/submissions/{submission.id}"
    db.session.execute(sa.text("ALTER TABLE security_events RENAME TO security_events_away"))
    db.session.commit()
    try:
        assert login_as(stranger).get(path).status_code in (403, 404)
    finally:
        db.session.rollback()
        db.session.execute(sa.text("ALTER TABLE security_events_away RENAME TO security_events"))
        db.session.commit()
    assert _events() == []
    assert login_as(stranger).get(path).status_code in (403, 404)
    assert len(_events()) == 1


def _statements(app, run) -> int:
    count = 0

    def counting(*_args):
        nonlocal count
        count += 1

    sa.event.listen(db.engine, "before_cursor_execute", counting)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counting)
    return count


def _add_rows(count: int, **fields):
    now = utcnow()
    values = dict(kind="forbidden", source="permission", status=403, user_id=None, address="10.7.7.7",
                  method="GET", route="x", path="/x", object="") | fields
    db.session.execute(sa.insert(SecurityEvent), [
        dict(values, at=now - timedelta(seconds=n % 500)) for n in range(count)])
    db.session.commit()


def test_recording_costs_the_same_however_many_rows_the_log_holds(app, login_as, hidden):
    """Under the threshold and past it (where the alert's lookups join in, and the count stops
    at the threshold), a refusal's statements do not grow with the log."""
    event, submission, stranger = hidden
    app.config["SECURITY_ALERT_THRESHOLD"] = 20
    path = f"/{event.slug}/submissions/{submission.id}"
    client = login_as(stranger)
    client.get(path)  # warm: the first request loads what later ones have
    under_few = _statements(app, lambda: client.get(path))
    _add_rows(3000)  # someone else's rows
    under_many = _statements(app, lambda: client.get(path))
    _add_rows(30, user_id=stranger.id, address="127.0.0.1")
    client.get(path)  # crosses the threshold: the alert (no admin, but the organizer) is written
    over_few = _statements(app, lambda: client.get(path))
    _add_rows(3000, user_id=stranger.id, address="127.0.0.1")
    over_many = _statements(app, lambda: client.get(path))
    assert under_few == under_many and over_few == over_many, (under_few, under_many, over_few, over_many)
    assert over_many - under_many <= 3, "past the threshold: recipients, dedupe keys (and no more)"


def test_past_the_threshold_admins_and_the_events_organizers_get_one_alert_an_hour(app, login_as, hidden, outbox):
    event, submission, stranger = hidden
    f.make_user(email="admin@example.org", is_admin=True)
    db.session.commit()
    app.config.update(SECURITY_ALERT_THRESHOLD=5, SECURITY_ALERT_WINDOW_SECONDS=600)
    client = login_as(stranger)
    path = f"/{event.slug}/submissions/{submission.id}"
    for _ in range(4):
        client.get(path)
    assert outbox() == []
    for _ in range(6):
        client.get(path)
    alerts = outbox()
    assert sorted(row.to_email for row in alerts) == ["admin@example.org", "org@example.org"]
    assert all("stranger@example.org" in row.body_text and "/admin/security/" in row.body_text for row in alerts)
    assert all(row.subject == "Security alert: 5 refused requests in 10 minutes" for row in alerts)
    # Another address past the threshold is alerted on its own.
    for _ in range(5):  # nobody logged in, a missing event (a lookup's 404): only admins hear
        assert app.test_client().get("/no-such-event/", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 404
    assert len(outbox()) == 3
    assert [row.to_email for row in outbox() if "10.9.9.9" in row.body_text] == ["admin@example.org"]


def _old_and_new_rows(days_old: int, count: int):
    now = utcnow()
    db.session.execute(sa.insert(SecurityEvent), [
        dict(at=now - timedelta(days=days_old if n % 2 else 1), kind="forbidden", source="lookup", status=404,
             user_id=None, address="10.0.0.1", method="GET", route="x", path="/x", object="")
        for n in range(count)])
    db.session.commit()


def test_the_prune_command_deletes_rows_older_than_90_days(app, runner):
    _old_and_new_rows(91, 2400)
    result = runner.invoke(args=["prune-security-log"])
    assert result.exit_code == 0 and "deleted 1200 security-log rows" in result.output
    assert len(_events()) == 1200 and all(utcnow() - e.at < timedelta(days=2) for e in _events())


def test_writes_prune_a_batch_every_hundredth_row(app, login_as, hidden):
    event, submission, stranger = hidden
    _old_and_new_rows(120, 198)  # ids 1..198: the next refusals get 199 and 200
    client = login_as(stranger)
    client.get(f"/{event.slug}/submissions/{submission.id}")
    assert len(_events()) == 199
    client.get(f"/{event.slug}/submissions/{submission.id}")
    assert len(_events()) == 200 - 99


def test_require_outside_a_request_notes_nothing(app):
    from flask import g
    from werkzeug.exceptions import Forbidden

    with pytest.raises(Forbidden):
        require(False)  # a CLI command or a job asking a predicate
    assert "security_refusal" not in g
