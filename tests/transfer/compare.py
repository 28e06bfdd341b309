"""Every row of every table of a database, in a form that does not depend on ids: references
become the referenced row's own form (users their email), so two databases holding the same
event under different ids compare equal, and a table or a reference left out shows."""

from collections import Counter
from functools import cache

import sqlalchemy as sa

from reviewhub import storage
from reviewhub.extensions import db
from reviewhub.transfer import jsonids
from reviewhub.transfer.tables import POLYMORPHIC, references, table_of_model

# Tables an export does not carry, and why (the test fails on any other table that differs).
NOT_COMPARED = {
    "api_tokens": "secrets of the installation",
    "jobs": "background work of the installation",
    "login_attempts": "rate limiting of the installation",
    "security_events": "security log of the installation",
    "recovery_codes": "two-factor secrets",
}
USER_COLUMNS = {"email", "name", "affiliation"}
# Given fresh values on import (unique in the whole installation), so not compared.
FRESH = {("reviewer_invitations", "token"), ("subreview_requests", "token"),
         ("outbox_messages", "dedupe_key")}
FILES = {("submission_files", "storage_key"), ("submission_files", "blind_key"), ("speakers", "photo_key")}


def snapshot(*, unsent_as_failed: bool = False, skip_actions=("event.imported",)) -> dict[str, Counter]:
    """table name -> Counter of the rows' id-free forms, for every table of the database."""
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = {r._mapping.get("id", i): dict(r._mapping)
                            for i, r in enumerate(db.session.execute(sa.select(table)))}

    @cache
    def ref(table: str, ident) -> tuple:
        row = rows.get(table, {}).get(ident)
        if row is None:
            return ("missing", table)
        if table == "users":
            return ("user", row["email"])
        return form(table, ident)

    @cache
    def form(table_name: str, ident) -> tuple:
        table = db.metadata.tables[table_name]
        row = rows[table_name][ident]
        out = []
        for column in table.columns:
            name, value = column.name, row[column.name]
            if column.primary_key and name == "id" or (table_name, name) in FRESH:
                continue
            if table_name == "users" and name not in USER_COLUMNS:
                continue
            if value is not None and (table_name, name) in FILES:
                value = ("file", _sha(value))
            elif value is not None and (table_name, name) in POLYMORPHIC:
                target = table_of_model(db.metadata, row[POLYMORPHIC[(table_name, name)]] or "")
                value = ref(target, value) if target else None
            elif isinstance(column.type, sa.JSON):
                value = _freeze(jsonids.remap_column(table_name, name, value, ref))
            elif value is not None and references(column) in NOT_COMPARED:
                value = None  # a link to the installation's own rows (a run's job) is not moved
            elif value is not None and references(column):
                value = ref(references(column), value)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            out.append((name, value))
        if unsent_as_failed and table_name == "outbox_messages" and row["status"] in ("pending", "sending"):
            out = [(k, "failed" if k == "status" else "<unsent>" if k == "last_error" else v) for k, v in out]
        if table_name == "outbox_messages" and row["last_error"].startswith("Not sent: imported"):
            out = [(k, "<unsent>" if k == "last_error" else v) for k, v in out]
        return tuple(out)

    result = {}
    for table in db.metadata.sorted_tables:
        if table.name in NOT_COMPARED:
            continue
        forms = Counter()
        for ident, row in rows[table.name].items():
            if table.name == "audit_log" and row["action"] in skip_actions:
                continue
            forms[form(table.name, ident)] += 1
        result[table.name] = forms
    return result


def _sha(key: str) -> str:
    import hashlib

    return hashlib.sha256(storage.path_for(key).read_bytes()).hexdigest()


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def sample(source: dict[str, Counter], target: dict[str, Counter], table: str):
    """One row only in the source and one only in the target (to read a failure)."""
    a, b = source.get(table, Counter()), target.get(table, Counter())
    return next(iter(a - b), None), next(iter(b - a), None)


def differences(source: dict[str, Counter], target: dict[str, Counter]) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ: name -> (rows only in the source, rows only in the target)."""
    out = {}
    for name in source.keys() | target.keys():
        a, b = source.get(name, Counter()), target.get(name, Counter())
        if a != b:
            out[name] = (sum((a - b).values()), sum((b - a).values()))
    return out
