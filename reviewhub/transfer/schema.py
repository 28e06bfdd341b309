"""The export's JSON Schema (draft 2020-12), made from the models so it always says what this
version writes: the manifest, and one row schema per table. Every export carries it as
schema.json; docs/event-export-format.md explains the rest."""

import sqlalchemy as sa

from reviewhub.transfer import archive
from reviewhub.transfer.tables import PEOPLE, USER_COLUMNS, event_plan

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _column_schema(column: sa.Column) -> dict:
    kind = column.type
    kind = getattr(kind, "impl", kind) if isinstance(kind, sa.types.TypeDecorator) else kind
    if isinstance(kind, sa.DateTime):
        out = {"type": "string", "format": "date-time"}
    elif isinstance(kind, sa.Date):
        out = {"type": "string", "format": "date"}
    elif isinstance(kind, sa.Boolean):
        out = {"type": "boolean"}
    elif isinstance(kind, sa.Integer):
        out = {"type": "integer"}
    elif isinstance(kind, sa.Float):
        out = {"type": "number"}
    elif isinstance(kind, sa.String):
        out = {"type": "string"} | ({"maxLength": kind.length} if kind.length else {})
    else:
        out = {}  # JSON: any value
    if column.nullable and out:
        out = {**out, "type": [out["type"], "null"]}
    refs = [fk.column.table.name for fk in column.foreign_keys]
    if refs:
        out["description"] = f"the id of a {refs[0]} row in this file (remapped on import)"
    return out


def _row_schema(table: sa.Table, columns=None) -> dict:
    chosen = [c for c in table.columns if columns is None or c.name in columns or c.name == "id"]
    return {"type": "object", "additionalProperties": False,
            "properties": {c.name: _column_schema(c) for c in chosen},
            "required": [c.name for c in chosen if c.primary_key]}


def export_schema(metadata: sa.MetaData) -> dict:
    tables = {t.name: _row_schema(t) for t in event_plan(metadata).tables}
    tables["users"] = _row_schema(metadata.tables["users"], USER_COLUMNS)
    tables[PEOPLE[1]] = _row_schema(metadata.tables[PEOPLE[1]])
    return {
        "$schema": DRAFT,
        "$id": f"https://reviewhub.invalid/schemas/{archive.FORMAT}/{archive.FORMAT_VERSION}",
        "title": "reviewhub event export",
        "description": "manifest.json follows 'manifest'; each line of tables/<name>.jsonl follows "
                       "'$defs/tables/<name>'.",
        "$defs": {"manifest": {
            "type": "object",
            "required": ["format", "format_version", "exported_at", "event", "tables", "files"],
            "properties": {
                "format": {"const": archive.FORMAT},
                "format_version": {"const": archive.FORMAT_VERSION},
                "exported_at": {"type": "string", "format": "date-time"},
                "event": {"type": "object", "required": ["slug", "name"],
                          "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
                "tables": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
                "files": {"type": "array", "items": {"type": "string", "pattern": "^" + archive.FILE_NAME.pattern[7:]}},
                "not_moved": {"type": "object", "additionalProperties": {"type": "string"}},
            }}, "tables": tables},
    }
