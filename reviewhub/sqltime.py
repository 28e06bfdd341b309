"""Time arithmetic inside SQL that reads the same on PostgreSQL and SQLite."""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

QUARTER_HOUR = 15 * 60  # every time zone in use today is offset from UTC by whole quarter hours


class epoch_bucket(FunctionElement):  # noqa: N801 (SQL functions read lower case)
    """floor(seconds since 1970 / size) of a stored naive-UTC timestamp.

    Counting per bucket in SQL and folding buckets into local days in Python applies the
    event's time zone (with its summer time) exactly, over a few rows instead of every row.
    """

    type = sa.BigInteger()
    inherit_cache = True
    name = "epoch_bucket"

    def __init__(self, column, size: int):
        self.size = int(size)
        super().__init__(column)


def _size(element: epoch_bucket) -> int:
    # A literal, not a bound parameter: GROUP BY must repeat the select's expression exactly.
    return element.size


@compiles(epoch_bucket)
def _epoch_bucket_default(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"CAST(floor(extract(epoch FROM {column}) / {_size(element)}) AS BIGINT)"


@compiles(epoch_bucket, "sqlite")
def _epoch_bucket_sqlite(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"(CAST(strftime('%s', {column}) AS INTEGER) / {_size(element)})"
