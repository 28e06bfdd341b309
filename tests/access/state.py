"""A fingerprint of every table's rows, to show that a request changed nothing."""

import hashlib

import sqlalchemy as sa

from reviewhub.extensions import db

# Written by any request whatever its outcome (they record the attempt, not a change).
# security_events is written BY a refusal, on purpose (issue 17): every refused request adds
# its row to the security log. Leaving it out here keeps "a refused request changes nothing"
# about the data; tests/test_access_pinned.py asserts instead that each refusal
# wrote exactly one security event.
IGNORED_TABLES = {"login_attempts", "security_events"}


def fingerprint() -> dict[str, str]:
    """{table: digest of its rows}, read through a fresh connection (not the test's session)."""
    digests = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in IGNORED_TABLES:
                continue
            rows = connection.execute(sa.select(table)).all()
            text = "\n".join(sorted(repr(tuple(row)) for row in rows))
            digests[table.name] = hashlib.sha256(text.encode()).hexdigest()
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
