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
