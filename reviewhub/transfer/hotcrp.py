"""HotCRP's submission JSON (its documented format: a list of submission objects with `pid`,
`title`, `abstract`, `authors` [{email, first, last, affiliation, contact}], `topics`,
`pc_conflicts` {email: type}, `submission` {mimetype, hash, content_file}, `status` or
`withdrawn`), read and checked entry by entry (pure: no app, no database)."""

import json
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

MAX_ENTRIES = 20_000
TITLE_MAX, NAME_MAX, AFFILIATION_MAX = 300, 200, 200


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    affiliation: str
    contact: bool


@dataclass(frozen=True)
class Paper:
    entry: int  # 1-based position in the file
    pid: int | None
    title: str
    abstract: str
    authors: tuple[Author, ...]
    topics: tuple[str, ...]
    pc_conflicts: tuple[tuple[str, str], ...]  # (email, HotCRP's conflict type)
    status: str  # submitted, draft or withdrawn
    content_file: str | None


@dataclass(frozen=True)
class Parsed:
    papers: tuple[Paper, ...]
    errors: tuple[tuple[int, str], ...]  # (entry, message); entry 0: the whole file
    warnings: tuple[tuple[int, str], ...] = field(default=())


def _email(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def _author(index: int, value) -> tuple[Author | None, str | None]:
    if not isinstance(value, dict):
        return None, f"author {index} is not an object"
    email = _email(value.get("email"))
    if email is None:
        return None, f"author {index} has no valid email address (reviewhub knows authors by email)"
    name = " ".join(str(value.get(k) or "").strip() for k in ("first", "last")).strip()
    name = name or str(value.get("name") or "").strip()
    if not name:
        return None, f"author {index} ({email}) has no name"
    affiliation = str(value.get("affiliation") or "").strip()
    if len(name) > NAME_MAX or len(affiliation) > AFFILIATION_MAX:
        return None, f"author {index}: the name or affiliation is too long"
    return Author(name, email, affiliation, bool(value.get("contact"))), None


def _topics(value) -> list[str] | None:
    """HotCRP writes a list of names; older versions an object {name: true}."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return [t.strip() for t in value]
    if isinstance(value, dict):
        return [name.strip() for name, on in value.items() if on]
    return None


def _status(value: dict) -> str:
    if value.get("withdrawn") or value.get("status") == "withdrawn":
        return "withdrawn"
    if value.get("submitted") is False or value.get("status") in ("draft", "inprogress"):
        return "draft"
    return "submitted"


def _paper(entry: int, value, topics: dict[str, str]) -> tuple[Paper | None, list[str], list[str]]:
    if not isinstance(value, dict):
        return None, ["is not a submission object"], []
    problems, notes = [], []
    pid = value.get("pid")
    if pid is not None and (isinstance(pid, bool) or not isinstance(pid, int) or pid < 1):
        problems.append(f"pid {pid!r} is not a positive number")
    title = value.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("the title is missing")
    elif len(title.strip()) > TITLE_MAX:
        problems.append(f"the title is longer than {TITLE_MAX} characters")
    abstract = value.get("abstract") or ""
    if not isinstance(abstract, str):
        problems.append("the abstract is not text")
    authors, seen = [], set()
    raw_authors = value.get("authors")
    if not isinstance(raw_authors, list) or not raw_authors:
        problems.append("there are no authors")
    else:
        for index, raw in enumerate(raw_authors, start=1):
            author, problem = _author(index, raw)
            if problem:
                problems.append(problem)
            elif author.email in seen:
                problems.append(f"author {index} ({author.email}) is listed twice")
            else:
                seen.add(author.email)
                authors.append(author)
    names = _topics(value.get("topics"))
    if names is None:
        problems.append("topics must be a list of topic names")
        names = []
    unknown = [n for n in names if n.lower() not in topics]
    if unknown:
        problems.append("unknown topics: " + ", ".join(repr(n) for n in unknown)
                        + " (add them to the event first)")
    conflicts = []
    raw_conflicts = value.get("pc_conflicts") or {}
    if not isinstance(raw_conflicts, dict):
        problems.append("pc_conflicts must map email addresses to conflict types")
        raw_conflicts = {}
    for address, kind in raw_conflicts.items():
        email = _email(address)
        if email is None:
            problems.append(f"pc_conflicts: {address!r} is not an email address")
        elif kind:
            conflicts.append((email, str(kind) if not isinstance(kind, bool) else "conflict"))
    document = value.get("submission")
    content_file = None
    if isinstance(document, dict) and document.get("content_file"):
        content_file = str(document["content_file"])
    elif document:
        notes.append("its submission file is not in the upload (export from HotCRP with documents, as a zip)")
    if problems:
        return None, problems, notes
    return Paper(entry, pid, title.strip(), abstract, tuple(authors), tuple(topics[n.lower()] for n in names),
                 tuple(conflicts), _status(value), content_file), [], notes


def parse(text: str | bytes, *, topics: list[str], files: set[str] = frozenset()) -> Parsed:
    """HotCRP's JSON; `topics` are the event's topic names, `files` the names in the uploaded
    zip. Every bad entry is reported with its position and pid, so nothing is applied until the
    whole file is right."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        return Parsed((), ((0, f"the file is not JSON ({error})"),))
    if isinstance(data, dict):
        data = [data]  # a single submission object
    if not isinstance(data, list):
        return Parsed((), ((0, "the file must hold a list of HotCRP submission objects"),))
    if len(data) > MAX_ENTRIES:
        return Parsed((), ((0, f"the file has more than {MAX_ENTRIES} submissions; split it"),))
    known = {t.lower(): t for t in topics}
    papers, errors, warnings, pids = [], [], [], {}
    for entry, value in enumerate(data, start=1):
        paper, problems, notes = _paper(entry, value, known)
        label = _label(entry, value)
        errors.extend((entry, f"{label}: {p}") for p in problems)
        warnings.extend((entry, f"{label}: {n}") for n in notes)
        if paper is None:
            continue
        if paper.pid is not None and paper.pid in pids:
            errors.append((entry, f"{label}: pid {paper.pid} is also entry {pids[paper.pid]}"))
            continue
        if paper.content_file and paper.content_file not in files:
            errors.append((entry, f"{label}: its file {paper.content_file!r} is not in the uploaded zip"))
            continue
        if paper.pid is not None:
            pids[paper.pid] = entry
        papers.append(paper)
    return Parsed(tuple(papers), tuple(errors), tuple(warnings))


def _label(entry: int, value) -> str:
    pid = value.get("pid") if isinstance(value, dict) else None
    return f"entry {entry}" + (f" (#{pid})" if isinstance(pid, int) else "")
