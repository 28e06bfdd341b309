"""Which tables an event owns, read from the SQLAlchemy metadata (so a table added later is
exported without being listed here), and the references to ids that no foreign key declares."""

from dataclasses import dataclass

import sqlalchemy as sa

# Tables reachable from `events` that are not moved, each with the reason.
NOT_MOVED = {
    "api_tokens": "secrets of this installation's users; owners create new tokens",
    "jobs": "background work of this installation (its runs' links to jobs become empty)",
    "chunked_uploads": "uploads in flight on this installation (a finished one is a submission file)",
}
# Global tables (no event in them) that belong to no event.
INSTALL_WIDE = {
    "login_attempts": "rate limiting of this installation",
    "security_events": "this installation's security log",
    "recovery_codes": "a person's two-factor secrets",
    "publications": "a person's publication list, kept across events (the conflicts it made travel as rows)",
    "publication_imports": "a person's uploaded lists waiting for a look",
    "text_vectors": "derived from the texts: embedded again where the model is installed",
}
# People: exported for the users an event's rows refer to; imported only for users created.
PEOPLE = ("users", "reviewer_profiles")
USER_COLUMNS = ("email", "name", "affiliation")

# JSON values hold ids under these keys (audit details, schedule snapshots, run summaries):
# remapped on import like foreign keys. A key not listed keeps its value.
JSON_ID_KEYS = {
    "user_id": "users", "submission_id": "submissions", "run_id": "assignment_runs",
    "slot_id": "schedule_slots", "speaker_id": "speakers", "review_id": "reviews",
    "assignment_id": "assignments", "topic_id": "topics", "outcome_id": "decision_outcomes",
    "comment_id": "comments", "type_id": "submission_types", "decision_id": "decisions",
    "file_id": "submission_files", "form_id": "review_forms", "question_id": "review_questions",
    "membership_id": "memberships", "invitation_id": "reviewer_invitations", "tag_id": "tags",
    "batch_id": "release_batches", "release_id": "schedule_releases",
}
JSON_ID_LIST_KEYS = {key + "s": table for key, table in JSON_ID_KEYS.items()}
# Integer columns that hold another row's id without a foreign key.
LOOSE_ID_COLUMNS = {("audit_log", "submission_id"): "submissions"}
# (table, column) whose value names the table of `object_id` in the same row.
POLYMORPHIC = {("audit_log", "object_id"): "object_type"}
# Columns holding stored files' keys: the files travel in the archive.
FILE_COLUMNS = {("submission_files", "storage_key"), ("submission_files", "blind_key"),
                ("speakers", "photo_key")}
# Columns unique across the whole installation (not per event): given fresh values on import,
# so an event can be imported next to itself; each value says how.
FRESH_COLUMNS = {
    ("reviewer_invitations", "token"): "token",
    ("subreview_requests", "token"): "token",
    ("outbox_messages", "dedupe_key"): "prefix",
}
# Mail the old installation had not sent yet is not sent by the new one.
UNSENT_MAIL_STATUSES = ("pending", "sending")


@dataclass(frozen=True)
class Plan:
    """Event-owned tables in insertion order, and for each its columns that refer to an owned
    table (the ones that place a row in the event)."""

    tables: tuple[sa.Table, ...]
    owner_columns: dict[str, tuple[sa.Column, ...]]


def _owned_references(table: sa.Table, owned: set[str]) -> list[sa.Column]:
    return [c for c in table.columns for fk in c.foreign_keys if fk.column.table.name in owned]


def event_plan(metadata: sa.MetaData) -> Plan:
    """Tables that hang off `events` through foreign keys (users are people, not owned)."""
    owned = {"events"}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in owned or table.name in PEOPLE or table.name in NOT_MOVED:
                continue
            if _owned_references(table, owned):
                owned.add(table.name)
                changed = True
    tables = tuple(t for t in metadata.sorted_tables if t.name in owned)
    return Plan(tables, {t.name: tuple(_owned_references(t, owned)) for t in tables})


def user_columns(table: sa.Table) -> list[sa.Column]:
    return [c for c in table.columns for fk in c.foreign_keys if fk.column.table.name == "users"]


def references(column: sa.Column) -> str | None:
    """The table whose id a column holds: by foreign key, or as listed above."""
    for fk in column.foreign_keys:
        return fk.column.table.name
    return LOOSE_ID_COLUMNS.get((column.table.name, column.name))


def table_of_model(metadata: sa.MetaData, class_name: str) -> str | None:
    """The table of a model class named in an audit row's object_type."""
    from reviewhub.extensions import db

    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == class_name and mapper.local_table is not None:
            return mapper.local_table.name
    return None


def unclassified(metadata: sa.MetaData) -> set[str]:
    """Tables neither moved nor listed as staying: a new table must be placed somewhere."""
    plan = {t.name for t in event_plan(metadata).tables}
    return set(metadata.tables) - plan - set(PEOPLE) - set(NOT_MOVED) - set(INSTALL_WIDE)
