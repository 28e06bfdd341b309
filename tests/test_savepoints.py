"""A savepoint's writes belong to the surrounding transaction: a rollback undoes them (on
SQLite, pysqlite's lazy BEGIN used to let the savepoint's RELEASE commit them)."""

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.extensions import db


def _count(email: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(User)
                                  .where(User.email == email)).scalar_one()


def _user(email: str) -> User:
    return User(email=email, name="Savepoint", password_hash="x")


def test_rollback_undoes_what_a_savepoint_wrote(app):
    db.session.execute(sa.select(1))  # a read first: no transaction is open in the driver yet
    with db.session.begin_nested():
        db.session.add(_user("ghost@example.org"))
    db.session.rollback()
    assert _count("ghost@example.org") == 0


def test_a_failed_savepoint_undoes_only_itself(app):
    db.session.add(_user("kept@example.org"))
    db.session.flush()
    try:
        with db.session.begin_nested():
            db.session.add(_user("dropped@example.org"))
            db.session.flush()
            raise ValueError("refused")
    except ValueError:
        pass
    db.session.commit()
    assert _count("kept@example.org") == 1 and _count("dropped@example.org") == 0
