"""`import-event`: an export loaded into this installation in the caller's transaction. Ids
from the file are never kept: every row gets a new id and every reference is remapped; people
are matched by email or created without a password (they set one through the reset flow)."""

import hashlib
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from reviewhub import audit, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.transfer import archive, codec, jsonids
from reviewhub.transfer.archive import BadArchive
from reviewhub.transfer.tables import (
    FILE_COLUMNS,
    FRESH_COLUMNS,
    NOT_MOVED,
    POLYMORPHIC,
    UNSENT_MAIL_STATUSES,
    USER_COLUMNS,
    event_plan,
    references,
    table_of_model,
)

BATCH = 1000
UNSENT_NOTE = "Not sent: imported from another installation before it was delivered there."


class SlugTaken(DomainError):
    status_code = 409


class _Load:
    """The id maps of one import: table -> {id in the file: id here}."""

    def __init__(self, archive_file: zipfile.ZipFile, manifest: dict):
        self.zf, self.manifest = archive_file, manifest
        self.ids: dict[str, dict[int, int]] = {}
        self.files: dict[str, tuple[str, str]] = {}  # key in the file -> (key here, sha256)
        self.created_users: set[int] = set()
        self.event_id: int | None = None
        # (table, id in the file, column, value in the file): ids inside JSON values and loose
        # ids may point at rows loaded later, so they are remapped once every row is in.
        self.deferred: list[tuple[str, int, str, object, dict]] = []

    def new_id(self, table: str, old: int) -> int | None:
        return self.ids.get(table, {}).get(old)


def import_event(path: Path, *, slug: str | None = None, by=None,
                 progress: Callable[[int], None] | None = None) -> dict:
    """Load the export at `path`; returns {"event": Event, "users_created": n, "rows": n}.
    Raises BadArchive (a bad or forged file) or SlugTaken; flushes, the caller commits (and,
    on an error, rolls back and calls discard_files)."""
    from reviewhub.events.models import Event

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BadArchive(f"{Path(path).name} is not a zip archive ({error})") from error
    with zf:
        manifest = archive.check(zf)
        slug = slug or manifest["event"]["slug"]
        if db.session.scalar(sa.select(Event.id).where(Event.slug == slug)) is not None:
            raise SlugTaken(f"An event with the address {slug!r} exists already here; give the "
                            "imported event another one (--slug NEW-SLUG).")
        from reviewhub.events.services import check_slug

        check_slug(slug)  # the file's own slug too: it becomes a URL prefix here
        load = _Load(zf, manifest)
        step = progress or (lambda _n: None)
        try:
            _load_users(load)
            _load_files(load, step)
            rows = _load_tables(load, slug, step)
            _load_profiles(load)
            _remap_deferred(load)
        except BaseException:
            discard_files(load.files)
            raise
    event = db.session.get(Event, load.event_id)
    audit.record("event.imported", event=event, actor=by, obj=event, source_slug=manifest["event"]["slug"],
                 exported_at=manifest.get("exported_at"), rows=rows)
    db.session.flush()
    return {"event": event, "users_created": len(load.created_users), "rows": rows, "files": load.files}


def discard_files(files: dict[str, tuple[str, str]]) -> None:
    """Delete the files an import stored (after its transaction was rolled back)."""
    for key, _sha in files.values():
        storage.delete(key)


def _load_users(load: _Load) -> None:
    from reviewhub.accounts.models import User
    from reviewhub.accounts.services import normalise_email

    wanted = {}
    for number, row in archive.rows(load.zf, "users"):
        email = normalise_email(row.get("email"))
        if not isinstance(row.get("id"), int) or "@" not in email or not isinstance(row.get("name"), str):
            raise BadArchive(f"tables/users.jsonl line {number}: a user needs an id, an email and a name")
        wanted[row["id"]] = (email, row)
    existing = {}
    emails = sorted({email for email, _ in wanted.values()})
    for chunk in range(0, len(emails), BATCH):
        existing.update(db.session.execute(
            sa.select(User.email, User.id).where(User.email.in_(emails[chunk:chunk + BATCH]))).all())
    users = load.ids.setdefault("users", {})
    for old, (email, row) in wanted.items():
        if email not in existing:
            user = User(email=email, password_hash=None,
                        **{c: codec.decode(User.__table__.c[c], row.get(c) or "") for c in USER_COLUMNS if c != "email"})
            db.session.add(user)
            db.session.flush()
            existing[email] = user.id
            load.created_users.add(user.id)
        users[old] = existing[email]


def _load_files(load: _Load, step) -> None:
    """Each stored file, streamed from the archive into storage under a fresh key."""
    for key in load.manifest["files"]:
        target = storage.reserve()
        digest = hashlib.sha256()
        with load.zf.open(f"files/{key}") as source, open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                out.write(chunk)
        suffix = Path(key).suffix
        load.files[key] = (storage.keep_path(target, suffix=suffix), digest.hexdigest())
        step(1)


def _load_tables(load: _Load, slug: str, step) -> int:
    plan = event_plan(db.metadata)
    listed = set(load.manifest["tables"])
    total = 0
    for table in plan.tables:
        if table.name not in listed:
            raise BadArchive(f"the export lacks the table {table.name!r} (made by another version?)")
        batch: list[tuple[int | None, dict]] = []
        for number, row in archive.rows(load.zf, table.name):
            batch.append((row.get("id"), _translate(load, table, number, row, slug)))
            if len(batch) >= BATCH:
                total += _insert(load, table, batch)
                step(len(batch))
                batch = []
        total += _insert(load, table, batch)
        step(len(batch))
    return total


def _insert(load: _Load, table: sa.Table, batch: list) -> int:
    if not batch:
        return 0
    values = [v for _old, v in batch]
    if "id" not in table.c or not table.c.id.primary_key:
        db.session.execute(table.insert(), values)
        return len(batch)
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    new_ids = db.session.execute(statement, values).scalars().all()
    mapping = load.ids.setdefault(table.name, {})
    for (old, _values), new in zip(batch, new_ids, strict=True):
        if not isinstance(old, int) or old in mapping:
            raise BadArchive(f"tables/{table.name}.jsonl: a row without an id of its own, or an id twice")
        mapping[old] = new
    if table.name == "events":
        load.event_id = new_ids[0]
    return len(batch)


def _translate(load: _Load, table: sa.Table, number: int, row: dict, slug: str) -> dict:
    """One row of the file as values for this installation: decoded, its references remapped."""
    where = f"tables/{table.name}.jsonl line {number}"
    unknown = set(row) - set(table.c.keys())
    if unknown:
        raise BadArchive(f"{where}: unknown columns {sorted(unknown)}")
    values = {}
    for column in table.columns:
        if column.name not in row or (column.primary_key and column.name == "id"):
            continue
        try:
            value = codec.decode(column, row[column.name])
        except codec.BadValue as error:
            raise BadArchive(f"{where}: {error}") from error
        values[column.name] = _reference(load, table, column, value, row, where)
    return _adjust(load, table, values, slug, where)


def _holds_ids(table, column, value) -> bool:
    found: dict[str, set[int]] = {}
    jsonids.collect(table.name, column.name, value, found)
    return bool(found)


def _reference(load: _Load, table, column, value, row, where):
    if value is None:
        return None
    target = references(column)
    loose = (table.name, column.name) in POLYMORPHIC or (target and not column.foreign_keys)
    if loose or (isinstance(column.type, sa.JSON) and _holds_ids(table, column, value)):
        if not isinstance(row.get("id"), int):
            raise BadArchive(f"{where}: a row without an id of its own")
        load.deferred.append((table.name, row["id"], column.name, value, row))
        return None if loose else value  # remapped by _remap_deferred
    if target is None:
        return value
    if target in NOT_MOVED:
        return None
    new = load.new_id(target, value)
    if new is None and not column.nullable:
        raise BadArchive(f"{where}: {column.name} refers to a {target} row the export does not hold")
    return new


def _adjust(load: _Load, table, values: dict, slug: str, where: str) -> dict:
    name = table.name
    if name == "events":
        if load.event_id is not None:
            raise BadArchive(f"{where}: the export holds more than one event")
        values["slug"] = slug
    for (t, column) in FILE_COLUMNS:
        if t == name and values.get(column):
            if values[column] not in load.files:
                raise BadArchive(f"{where}: the file {values[column]!r} is missing from the archive")
            new_key, sha = load.files[values[column]]
            if column == "storage_key" and values.get("sha256") and values["sha256"] != sha:
                raise BadArchive(f"{where}: the archived file does not match the row's sha256")
            values[column] = new_key
    for (t, column), how in FRESH_COLUMNS.items():
        if t == name and column in values:
            values[column] = (secrets.token_urlsafe(32) if how == "token"
                              else f"import:{load.event_id}:{values[column]}"[:table.c[column].type.length])
    if name == "outbox_messages" and values.get("status") in UNSENT_MAIL_STATUSES:
        values["status"], values["last_error"] = "failed", UNSENT_NOTE
    return values


def _remap_deferred(load: _Load) -> None:
    """Second pass: the ids inside JSON values and the loose ids, now that every row has its new id."""
    updates: dict[tuple[str, str], list[dict]] = {}
    for table_name, old, column_name, value, row in load.deferred:
        column = db.metadata.tables[table_name].c[column_name]
        if (table_name, column_name) in POLYMORPHIC:
            target = table_of_model(db.metadata, row.get(POLYMORPHIC[(table_name, column_name)]) or "")
            new_value = load.new_id(target, value) if target else None
        elif isinstance(column.type, sa.JSON):
            new_value = jsonids.remap_column(table_name, column_name, value, load.new_id)
        else:
            new_value = load.new_id(references(column), value)
        updates.setdefault((table_name, column_name), []).append(
            {"row_id": load.new_id(table_name, old), "value": new_value})
    for (table_name, column_name), values in updates.items():
        table = db.metadata.tables[table_name]
        statement = (sa.update(table).where(table.c.id == sa.bindparam("row_id"))
                     .values({column_name: sa.bindparam("value")}))
        db.session.execute(statement.execution_options(synchronize_session=False), values)


def _load_profiles(load: _Load) -> None:
    """Reviewer profiles of the people this import created (an existing account keeps its own,
    which the audit rows about the file's profile then name)."""
    table = db.metadata.tables["reviewer_profiles"]
    if "tables/reviewer_profiles.jsonl" not in load.zf.namelist():
        return
    mapping = load.ids.setdefault("reviewer_profiles", {})
    for number, row in archive.rows(load.zf, "reviewer_profiles"):
        user = load.new_id("users", row.get("user_id"))
        if not isinstance(row.get("id"), int) or user is None:
            raise BadArchive(f"tables/reviewer_profiles.jsonl line {number}: a profile needs an id and a known user")
        if user in load.created_users:
            values = _translate(load, table, number, row, "")
            mapping[row["id"]] = db.session.execute(table.insert().returning(table.c.id), values).scalar_one()
        else:
            found = db.session.scalar(sa.select(table.c.id).where(table.c.user_id == user))
            if found is not None:
                mapping[row["id"]] = found
