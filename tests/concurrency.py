"""Races on purpose: actions run at the same moment, each in its own thread, app context and
database session, as two requests of two users would."""

from __future__ import annotations

import threading
from collections.abc import Callable

import sqlalchemy as sa

from reviewhub.extensions import db

PREFIX = "at-once-"


def at_once(app, actions: list[Callable[[], str]], *, meet_before: str) -> tuple[list[str], int]:
    """Run the actions in parallel and commit each one's work; every thread waits just before
    sending a statement that starts with `meet_before` until all have got there, so they
    overlap exactly where a race would hurt. Returns what each ended with (its return value,
    or the error's type and message) and how many threads reached that statement."""
    meet = threading.Barrier(len(actions), timeout=10)
    outcomes: dict[int, str] = {}
    met: list[str] = []

    def hold(connection, cursor, statement, parameters, context, executemany):
        if statement.startswith(meet_before) and threading.current_thread().name.startswith(PREFIX):
            met.append(threading.current_thread().name)
            meet.wait()

    def run(index: int) -> None:
        with app.app_context():
            try:
                outcomes[index] = actions[index]()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
                db.session.rollback()
                outcomes[index] = f"{type(error).__name__}: {error}"
            finally:
                db.session.remove()

    sa.event.listen(db.engine, "before_cursor_execute", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,), name=f"{PREFIX}{i}") for i in range(len(actions))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", hold)
    return [outcomes.get(i, "still running") for i in range(len(actions))], len(met)
