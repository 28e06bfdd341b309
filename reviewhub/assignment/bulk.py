"""Bulk inserts of plain tuples in the session's transaction, past the ORM's per-row cost."""

from collections.abc import Iterable, Sequence

from reviewhub.extensions import db
from reviewhub.models_base import utcnow

CHUNK = 50_000


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[tuple], *,
                large_cache: bool = False) -> int:
    """Insert tuples (values as the driver takes them: see `driver_now`): COPY on PostgreSQL,
    the driver's executemany elsewhere. `large_cache` gives SQLite a large page cache, which
    keeps the indexes' B-trees in memory while millions of rows go in (it stays with the
    connection: for loaders, not for the app). Returns how many rows went in."""
    connection = db.session.connection()
    raw = connection.connection.dbapi_connection
    count = 0
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    if large_cache:
        raw.execute("PRAGMA cache_size=-400000")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor, batch = raw.cursor(), []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            cursor.executemany(sql, batch)
            count, batch = count + len(batch), []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    cursor.close()
    return count


def driver_now():
    """Now, as the driver takes it: SQLAlchemy's SQLite text format, or a naive UTC datetime."""
    now = utcnow().replace(tzinfo=None)
    if db.session.connection().dialect.name == "sqlite":
        return now.strftime("%Y-%m-%d %H:%M:%S.%f")
    return now
