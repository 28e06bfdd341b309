"""Ids inside JSON values (pure): found for the export, replaced for the import."""

from collections.abc import Callable

from reviewhub.transfer.tables import JSON_ID_KEYS, JSON_ID_LIST_KEYS

# JSON columns whose shape is not keyed: assignment runs keep [submission, user, score] pairs.
PAIR_COLUMNS = {("assignment_runs", "pairs"): ("submissions", "users")}

Mapper = Callable[[str, int], int | None]


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def remap(value, fn: Mapper):
    """`value` with every id under a known key replaced by fn(table, id)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in JSON_ID_KEYS and _is_id(item):
                out[key] = fn(JSON_ID_KEYS[key], item)
            elif key in JSON_ID_LIST_KEYS and isinstance(item, list) and all(_is_id(i) for i in item):
                out[key] = [fn(JSON_ID_LIST_KEYS[key], i) for i in item]
            else:
                out[key] = remap(item, fn)
        return out
    if isinstance(value, list):
        return [remap(item, fn) for item in value]
    return value


def remap_column(table: str, column: str, value, fn: Mapper):
    shape = PAIR_COLUMNS.get((table, column))
    if shape is None:
        return remap(value, fn)
    if not isinstance(value, list):
        return value
    out = []
    for pair in value:
        if isinstance(pair, list) and len(pair) >= 2 and _is_id(pair[0]) and _is_id(pair[1]):
            pair = [fn(shape[0], pair[0]), fn(shape[1], pair[1]), *pair[2:]]
        out.append(pair)
    return out


def collect(table: str, column: str, value, into: dict[str, set[int]]) -> None:
    """Add every id the value holds to into[table_it_refers_to]."""
    def note(target: str, found: int) -> int:
        into.setdefault(target, set()).add(found)
        return found

    remap_column(table, column, value, note)
