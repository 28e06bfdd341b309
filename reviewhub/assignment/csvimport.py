"""Pure parsing of a pasted or uploaded reviewer list (name, email, affiliation), line by line."""

import csv
import io
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

MAX_ROWS = 20_000
LIMITS = {"name": 200, "email": 254, "affiliation": 200}


@dataclass(frozen=True)
class InviteRow:
    line: int
    name: str
    email: str
    affiliation: str


@dataclass(frozen=True)
class ParsedList:
    rows: tuple[InviteRow, ...]
    errors: tuple[tuple[int, str], ...]  # (line number, message)


def _columns(header: list[str]) -> dict[str, int] | None:
    """Column positions when the first row is a header naming an email column."""
    names = [h.strip().lower() for h in header]
    if "email" not in names and "e-mail" not in names:
        return None
    email = names.index("email") if "email" in names else names.index("e-mail")
    return {
        "name": names.index("name") if "name" in names else -1,
        "email": email,
        "affiliation": names.index("affiliation") if "affiliation" in names else -1,
    }


def _cell(values: list[str], position: int) -> str:
    return values[position].strip() if 0 <= position < len(values) else ""


def _check(line: int, name: str, email: str, affiliation: str) -> str | None:
    for field, value in (("name", name), ("email", email), ("affiliation", affiliation)):
        if len(value) > LIMITS[field]:
            return f"the {field} is longer than {LIMITS[field]} characters"
    if not email:
        return "the email address is missing"
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return f"{email!r} is not a valid email address"
    return None


def parse_invite_list(text: str) -> ParsedList:
    """Rows of `name, email, affiliation` (a header row may name and reorder the columns).

    Blank lines are skipped; every bad row is reported with its line number, including an
    address repeated within the list, so the caller can refuse the whole import.
    """
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n")))
    rows, errors, seen = [], [], {}
    positions = {"name": 0, "email": 1, "affiliation": 2}
    for index, values in enumerate(reader):
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if index == 0 and (header := _columns(values)) is not None:
            positions = header
            continue
        name, email, affiliation = (_cell(values, positions[k]) for k in ("name", "email", "affiliation"))
        email = email.lower()
        problem = _check(line, name, email, affiliation)
        if problem is None and email in seen:
            problem = f"{email} is listed already on line {seen[email]}"
        if problem:
            errors.append((line, problem))
            continue
        seen[email] = line
        rows.append(InviteRow(line, name, email, affiliation))
    if len(rows) + len(errors) > MAX_ROWS:
        errors.append((0, f"the list has more than {MAX_ROWS} rows; split it"))
    return ParsedList(tuple(rows), tuple(errors))


# --- assignments and decisions (the transfer importer's other lists) -------------------------


@dataclass(frozen=True)
class TableRow:
    line: int
    values: dict[str, str]


def parse_table(text: str, columns: tuple[str, ...], *, required: tuple[str, ...]) -> tuple[
        tuple[TableRow, ...], tuple[tuple[int, str], ...]]:
    """Rows of `columns` in that order, or as a header row names them (any order, any case);
    every row missing a required value is reported with its line number."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n")))
    rows, errors = [], []
    positions = {name: index for index, name in enumerate(columns)}
    for index, values in enumerate(reader):
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        names = [v.strip().lower() for v in values]
        if index == 0 and set(required) <= set(names):
            positions = {name: names.index(name) if name in names else -1 for name in columns}
            continue
        row = {name: _cell(values, positions[name]) for name in columns}
        missing = [name for name in required if not row[name]]
        if missing:
            errors.append((line, "missing " + " and ".join(missing)))
            continue
        rows.append(TableRow(line, row))
    if len(rows) + len(errors) > MAX_ROWS:
        errors.append((0, f"the list has more than {MAX_ROWS} rows; split it"))
    return tuple(rows), tuple(errors)


def parse_assignment_list(text: str) -> tuple[tuple[TableRow, ...], tuple[tuple[int, str], ...]]:
    """`submission, email`: the submission's number (#12 or 12) and the reviewer's address."""
    rows, errors = parse_table(text, ("submission", "email"), required=("submission", "email"))
    return _numbered(rows, errors)


def parse_decision_list(text: str) -> tuple[tuple[TableRow, ...], tuple[tuple[int, str], ...]]:
    """`submission, outcome, note`: the outcome by its key or its label."""
    rows, errors = parse_table(text, ("submission", "outcome", "note"), required=("submission", "outcome"))
    return _numbered(rows, errors)


def _numbered(rows, errors):
    good, errors = [], list(errors)
    for row in rows:
        number = row.values["submission"].lstrip("#").strip()
        if not number.isdigit():
            errors.append((row.line, f"{row.values['submission']!r} is not a submission number"))
            continue
        good.append(TableRow(row.line, {**row.values, "submission": number,
                                        "email": row.values.get("email", "").lower()}))
    return tuple(good), tuple(sorted(errors))
