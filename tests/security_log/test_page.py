"""The security log page: admins only, filtered, paged, bad filters answered, queries flat."""

from datetime import timedelta

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.security.models import SecurityEvent
from tests import factories as f


def _rows(count: int, **fields):
    now = utcnow()
    base = dict(kind="forbidden", source="permission", status=403, user_id=None, address="10.0.0.1",
                method="GET", route="submissions.show", path="/e/submissions/1", object="sid=1 slug=e")
    db.session.execute(sa.insert(SecurityEvent), [
        dict(base | fields, at=now - timedelta(seconds=n)) for n in range(count)])
    db.session.commit()


def _statements(run) -> int:
    statements = []

    def listener(*_args):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert run().status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_admins_read_the_log_and_others_are_refused(app, login_as):
    admin = f.make_admin(email="admin@example.org")
    organizer = f.make_user()
    f.make_event(organizer=organizer)
    db.session.commit()
    _rows(3, address="10.4.4.4")
    page = login_as(admin).get("/admin/security/")
    assert page.status_code == 200 and b"3 refusals" in page.data and b"10.4.4.4" in page.data
    assert login_as(organizer).get("/admin/security/").status_code == 403
    assert login_as(None).get("/admin/security/").status_code == 302


def test_filters_by_kind_account_address_and_route(app, login_as):
    admin = f.make_admin(email="admin@example.org")
    mallory = f.make_user(email="mallory@evil.example")
    db.session.commit()
    _rows(2, kind="csrf", status=400, route="accounts.profile", address="10.1.1.1")
    _rows(3, user_id=mallory.id, address="10.2.2.2")
    _rows(4, kind="rate_limited", status=429, route="accounts.login", address="10.3.3.3")
    client = login_as(admin)

    def total(query: str) -> bytes:
        return client.get("/admin/security/" + query).data

    assert b"2 refusals" in total("?kind=csrf")
    assert b"3 refusals" in total(f"?account={mallory.id}") and b"3 refusals" in total("?account=evil.example")
    assert b"mallory@evil.example" in total("?account=mallory")
    assert b"4 refusals" in total("?address=10.3.3.3")
    assert b"4 refusals" in total("?route=accounts.login") and b"6 refusals" in total("?route=accounts.")
    assert b"0 refusals" in total("?account=%25")  # a LIKE wildcard is a plain character


def test_bad_filter_values_are_ignored_not_a_500(app, login_as):
    admin = f.make_admin()
    db.session.commit()
    _rows(2)
    client = login_as(admin)
    for query in ("?page=abc", "?page=-3", "?page=99999999999", "?kind=bogus", "?account=" + "x" * 5000,
                  "?page=50"):
        response = client.get("/admin/security/" + query)
        assert response.status_code == 200, query
    assert client.get("/admin/security/?route=%00").status_code == 400  # a NUL is refused everywhere
    assert b"2 refusals" in client.get("/admin/security/?kind=bogus").data


def test_pages_of_a_hundred_newest_first(app, login_as):
    admin = f.make_admin()
    db.session.commit()
    _rows(150, address="10.5.5.5")
    client = login_as(admin)
    first = client.get("/admin/security/").get_data(as_text=True)
    second = client.get("/admin/security/?page=2").get_data(as_text=True)
    assert first.count("<tr>") - 1 == 100 and second.count("<tr>") - 1 == 50
    assert 'rel="next"' in first and 'rel="prev"' in second and "Page 2 of 2" in second


def test_the_pages_queries_do_not_grow_with_its_rows(app, login_as):
    admin = f.make_admin()
    users = [f.make_user() for _ in range(30)]
    db.session.commit()
    client = login_as(admin)
    client.get("/admin/security/")
    counts = []
    for n in (5, 95):
        for user in users[:n // 5]:
            _rows(5, user_id=user.id)
        counts.append(_statements(lambda: client.get("/admin/security/")))
    assert counts[0] == counts[1], counts


def test_an_admin_without_two_factor_is_sent_to_set_it_up_unless_the_site_says_otherwise(app, login_as):
    admin = f.make_user(is_admin=True)
    db.session.commit()
    client = login_as(admin)
    response = client.get("/admin/security/")
    assert response.status_code in (302, 303) and "/account/two-factor" in response.headers["Location"]
    app.config["ADMINS_REQUIRE_TWO_FACTOR"] = False
    try:
        assert client.get("/admin/security/").status_code == 200
    finally:
        app.config["ADMINS_REQUIRE_TWO_FACTOR"] = True
