"""Column values to JSON and back (pure): times as ISO 8601 in UTC, dates as ISO dates."""

from datetime import date, datetime

import sqlalchemy as sa


class BadValue(ValueError):
    pass


def encode(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _kind(column: sa.Column):
    kind = column.type
    return getattr(kind, "impl", kind) if isinstance(kind, sa.types.TypeDecorator) else kind


def decode(column: sa.Column, value):
    """The Python value for `column` from its JSON form; BadValue when it cannot be one."""
    if value is None:
        return None
    kind = _kind(column)
    try:
        if isinstance(kind, sa.DateTime):
            parsed = datetime.fromisoformat(value)
            if isinstance(column.type, sa.types.TypeDecorator) and parsed.tzinfo is None:
                raise BadValue(f"{column.table.name}.{column.name}: {value!r} has no time zone")
            return parsed
        if isinstance(kind, sa.Date):
            return date.fromisoformat(value)
        if isinstance(kind, sa.Boolean):
            if not isinstance(value, bool):
                raise BadValue(f"{column.table.name}.{column.name}: {value!r} is not true or false")
            return value
        if isinstance(kind, sa.Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise BadValue(f"{column.table.name}.{column.name}: {value!r} is not an integer")
            return value
        if isinstance(kind, sa.Float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise BadValue(f"{column.table.name}.{column.name}: {value!r} is not a number")
            return float(value)
        if isinstance(kind, sa.String):
            if not isinstance(value, str):
                raise BadValue(f"{column.table.name}.{column.name}: {value!r} is not text")
            if kind.length and len(value) > kind.length:
                raise BadValue(f"{column.table.name}.{column.name}: longer than {kind.length} characters")
            return value
    except (TypeError, ValueError) as error:
        if isinstance(error, BadValue):
            raise
        raise BadValue(f"{column.table.name}.{column.name}: {value!r} cannot be read ({error})") from error
    return value  # JSON columns: as they are
