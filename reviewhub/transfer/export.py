"""`export-event`: one event's rows, the people they name and their stored files, as a zip
(the layout is in archive.py; the format is described in docs/event-export-format.md)."""

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from reviewhub import storage
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.transfer import archive, codec, jsonids
from reviewhub.transfer.schema import export_schema
from reviewhub.transfer.tables import (
    FILE_COLUMNS,
    PEOPLE,
    USER_COLUMNS,
    Plan,
    event_plan,
    user_columns,
)

Progress = Callable[[int], None]
BATCH = 1000


def _id_selects(plan: Plan, event_id: int) -> dict[str, sa.Select]:
    """For each owned table, the select of its rows' ids in the event (subqueries, so a large
    event's ids never travel through Python)."""
    selects = {"events": sa.select(sa.literal(event_id))}
    for table in plan.tables[1:]:
        selects[table.name] = sa.select(*table.primary_key.columns).where(_in_event(plan, table, selects))
    return selects


def _in_event(plan: Plan, table: sa.Table, selects: dict) -> sa.ColumnElement[bool]:
    columns = plan.owner_columns[table.name]
    direct = [c for c in columns if c.name == "event_id"]
    # A row with an event_id belongs to that event; otherwise to the event of any row it hangs off.
    chosen = direct or columns
    return sa.or_(*(c.in_(selects[next(iter(c.foreign_keys)).column.table.name]) for c in chosen))


def row_counts(plan: Plan, event_id: int) -> dict[str, int]:
    selects = _id_selects(plan, event_id)
    counts = {}
    for table in plan.tables:
        query = sa.select(sa.func.count()).select_from(table).where(_where(plan, table, selects, event_id))
        counts[table.name] = db.session.scalar(query)
    return counts


def _where(plan, table, selects, event_id):
    return table.c.id == event_id if table.name == "events" else _in_event(plan, table, selects)


def export_event(event, out: Path, *, progress: Progress | None = None) -> dict:
    """Write the event to `out`; returns the manifest. Reads only; commits nothing."""
    plan = event_plan(db.metadata)
    selects = _id_selects(plan, event.id)
    counts = row_counts(plan, event.id)
    people: dict[str, set[int]] = {"users": set()}
    files: dict[str, None] = {}  # in order, once each (a blind copy may share its original's key)
    step = progress or (lambda _n: None)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for table in plan.tables:
            query = sa.select(table).where(_where(plan, table, selects, event.id)).order_by(*table.primary_key.columns)
            with zf.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as handle:
                for row in db.session.execute(query.execution_options(yield_per=BATCH)).mappings():
                    _note_people(table, row, people)
                    files.update((row[c], None) for t, c in FILE_COLUMNS if t == table.name and row[c])
                    handle.write(_line(row))
                    step(1)
        people_counts = _write_people(zf, people["users"])
        for key in files:
            path = storage.path_for(key)
            if path.exists():  # a file lost from this installation cannot travel; its row says so
                zf.write(path, f"files/{key}")
            step(1)
        manifest = _manifest(event, {**counts, **people_counts}, [k for k in files if storage.path_for(k).exists()])
        zf.writestr(archive.MANIFEST, json.dumps(manifest, indent=2))
        zf.writestr(archive.SCHEMA, json.dumps(export_schema(db.metadata), indent=2))
    return manifest


def _line(row) -> bytes:
    return (json.dumps({k: codec.encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n").encode()


def _note_people(table: sa.Table, row, people: dict[str, set[int]]) -> None:
    for column in user_columns(table):
        if row[column.name] is not None:
            people["users"].add(row[column.name])
    for column in table.columns:
        if isinstance(column.type, sa.JSON) and row[column.name] is not None:
            jsonids.collect(table.name, column.name, row[column.name], people)
    if table.name == "audit_log" and row["object_type"] == "User" and row["object_id"]:
        people["users"].add(row["object_id"])


def _write_people(zf: zipfile.ZipFile, user_ids: set[int]) -> dict[str, int]:
    """Users (email, name, affiliation: never a password, a session or a second factor) and
    their reviewer profiles."""
    users, profiles = (db.metadata.tables[name] for name in PEOPLE)
    ids = sorted(user_ids)
    counts = {"users": 0, "reviewer_profiles": 0}
    with zf.open("tables/users.jsonl", "w") as handle:
        for chunk in range(0, len(ids), BATCH):
            query = sa.select(users.c.id, *(users.c[c] for c in USER_COLUMNS)).where(
                users.c.id.in_(ids[chunk:chunk + BATCH])).order_by(users.c.id)
            for row in db.session.execute(query).mappings():
                handle.write(_line(row))
                counts["users"] += 1
    with zf.open("tables/reviewer_profiles.jsonl", "w") as handle:
        for chunk in range(0, len(ids), BATCH):
            query = sa.select(profiles).where(profiles.c.user_id.in_(ids[chunk:chunk + BATCH])).order_by(profiles.c.id)
            for row in db.session.execute(query).mappings():
                handle.write(_line(row))
                counts["reviewer_profiles"] += 1
    return counts


def _manifest(event, counts: dict[str, int], files: list[str]) -> dict:
    from reviewhub.transfer.tables import NOT_MOVED

    return {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "event": {"slug": event.slug, "name": event.name},
        "tables": counts,
        "files": files,
        "not_moved": NOT_MOVED,
    }


def total_steps(event) -> int:
    """Rows plus files, for a progress bar."""
    plan = event_plan(db.metadata)
    counts = row_counts(plan, event.id)
    return sum(counts.values()) + _file_count(plan, event.id)


def _file_count(plan: Plan, event_id: int) -> int:
    selects = _id_selects(plan, event_id)
    total = 0
    for table_name, column in FILE_COLUMNS:
        table = db.metadata.tables[table_name]
        query = sa.select(sa.func.count()).select_from(table).where(
            _where(plan, table, selects, event_id), table.c[column].is_not(None))
        total += db.session.scalar(query)
    return total
